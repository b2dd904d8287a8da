/** The pages the settings are changed on, each from the settings' summary (kept apart from
 * lib/admin so that the router does not load the administration's code with every page). */
export const SETTINGS_SECTION_IDS: readonly string[] = ["landlord", "schemes", "closure-days", "signing-in", "letters"];
export type SettingsSection = "landlord" | "schemes" | "closure-days" | "signing-in" | "letters";
