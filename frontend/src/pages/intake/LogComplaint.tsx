import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { api } from "../../api/client";
import { DateInput, ErrorSummary, Select, TextInput, Textarea, emptyDate, type DateParts } from "../../components/forms";
import { BackLink, ButtonLink, useTitle } from "../../components/layout";
import { setFlash } from "../../lib/flash";
import { addError, emptyErrors, readDate, requireText } from "../../lib/forms";
import { formErrors, type FormErrors } from "../../lib/problems";
import { todayInLondon } from "../../lib/residents";
import { humanise } from "../../lib/words";
import { Link, navigate, useLocation } from "../../router";
import { CheckLetter, type LetterPreview } from "../actions/CheckLetter";
import { FormButtons } from "../staff/common";
import { NotLoaded, useLoad } from "../load";
import { residentHref, useResident } from "../residents/data";

export const CHANNELS = ["phone", "email", "letter", "in_person", "online", "social_media", "representative", "councillor_or_mp"];

const FIELDS = ["resident_id", "channel", "received_on", "description", "category", "outcomes_sought", "scheme", "service_request_id"];
const LABELS = {
  channel: "How it was made",
  received_on: "The date received",
  description: "The complaint",
  outcomes_sought: "The outcomes sought",
  category: "The category",
  scheme: "The complaint scheme",
};

/** Logging a complaint for a resident the landlord has recorded (Code 1.2, 1.3): the complaint
 * in the resident's words, how and when it came, then the letter telling the resident its
 * reference and tracking link, checked before anything is recorded. */
export function ComplaintIntake({
  slug,
  residentId,
  serviceRequestId,
  initialCategory,
  caption,
  heading,
  intro,
  back,
  backText,
  done,
}: {
  slug: string;
  residentId: string;
  serviceRequestId?: string;
  initialCategory?: string;
  caption: string;
  heading: string;
  intro: ReactNode;
  back: string;
  backText: string;
  done: string;
}) {
  const settings = useLoad(() => api.GET("/api/v1/landlords/{slug}/settings", { params: { path: { slug } } }), [slug]);
  const [channel, setChannel] = useState("");
  const [received, setReceived] = useState<DateParts>(emptyDate);
  const [description, setDescription] = useState("");
  const [outcomes, setOutcomes] = useState("");
  const [category, setCategory] = useState(initialCategory ?? "");
  const [scheme, setScheme] = useState("");
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [busy, setBusy] = useState(false);
  const [letter, setLetter] = useState<LetterPreview | null>(null);
  const [receivedOn, setReceivedOn] = useState<string | null>(null);
  useTitle(letter ? `Check the letter – ${heading}` : heading, !!errors);
  const schemes = settings.data?.schemes ?? [];
  const f = errors?.fields ?? {};

  const request = (on: string) => ({
    params: { path: { slug } },
    body: {
      resident_id: residentId,
      ...(serviceRequestId ? { service_request_id: serviceRequestId } : {}),
      channel,
      received_on: on,
      description: description.trim(),
      category: category.trim(),
      outcomes_sought: outcomes.trim() || null,
      ...(scheme ? { scheme } : {}),
    },
  });

  async function run(step: () => Promise<void>) {
    setBusy(true);
    try {
      await step();
    } catch {
      setErrors(formErrors(null));
    } finally {
      setBusy(false);
    }
  }

  function check(e: FormEvent) {
    e.preventDefault();
    const errs = emptyErrors();
    if (!channel) addError(errs, "channel", "Select how the complaint was made");
    const on = readDate(errs, "received_on", received, { today: todayInLondon() });
    requireText(errs, "description", description, "Enter the complaint in the resident's own words");
    requireText(errs, "category", category, "Enter the category, for example repairs");
    if (errs.summary.length > 0 || !on) {
      setErrors(errs);
      return;
    }
    // First the letter, as the resident will receive it; nothing is recorded yet.
    void run(async () => {
      const seen = await api.POST("/api/v1/landlords/{slug}/complaints/preview", request(on));
      if (seen.response.ok && seen.data) {
        setErrors(null);
        setReceivedOn(on);
        setLetter(seen.data);
        window.scrollTo(0, 0);
      } else {
        setErrors(formErrors(seen.error, FIELDS, LABELS));
      }
    });
  }

  function confirm(e: FormEvent) {
    e.preventDefault();
    if (!receivedOn) return;
    void run(async () => {
      const res = await api.POST("/api/v1/landlords/{slug}/complaints", request(receivedOn));
      if (res.response.ok && res.data) {
        setFlash(`${done}: ${res.data.reference}`);
        navigate(`/l/${encodeURIComponent(slug)}/complaints/${res.data.id}`);
        return;
      }
      setLetter(null);
      setErrors(formErrors(res.error, FIELDS, LABELS));
    });
  }

  if (letter) {
    return (
      <CheckLetter
        letter={letter}
        reference=""
        caption={caption}
        confirm="Log complaint"
        busy={busy}
        onConfirm={confirm}
        onChange={() => setLetter(null)}
        note={
          <div className="govuk-inset-text">
            The reference is given when the complaint is logged: if another complaint is logged first, this one takes the next.
            {letter.delivery === "email" && !letter.sent_earlier_on && " The private tracking link is put into the email only as it is sent, so no one else sees it."}
          </div>
        }
      />
    );
  }

  return (
    <>
      <BackLink href={back}>{backText}</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <span className="govuk-caption-l">{caption}</span>
          <h1 className="govuk-heading-l">{heading}</h1>
          {intro}
          <form onSubmit={check} noValidate>
            <Select
              name="channel"
              label="How did the resident make the complaint?"
              value={channel}
              onChange={setChannel}
              error={f.channel}
              choices={[{ value: "", label: "Choose" }, ...CHANNELS.map((c) => ({ value: c, label: humanise(c) }))]}
            />
            <DateInput
              name="received_on"
              label="When was it received?"
              hint="Leave blank for today. For example, 27 3 2026"
              value={received}
              onChange={setReceived}
              error={f.received_on}
            />
            <Textarea
              name="description"
              label="The complaint, in the resident's own words"
              hint="They do not need to use the word “complaint” (Code 1.3)."
              rows={6}
              value={description}
              onChange={setDescription}
              error={f.description}
            />
            <Textarea
              name="outcomes_sought"
              label="What does the resident want to happen? (optional)"
              rows={3}
              value={outcomes}
              onChange={setOutcomes}
              error={f.outcomes_sought}
            />
            <TextInput name="category" label="Category" width="govuk-input--width-20" value={category} onChange={setCategory} error={f.category} />
            {schemes.length > 1 && (
              <Select
                name="scheme"
                label="Complaint scheme"
                value={scheme}
                onChange={setScheme}
                error={f.scheme}
                choices={[{ value: "", label: "Housing (the default)" }, ...schemes.map((sc) => ({ value: sc.code, label: sc.name }))]}
              />
            )}
            {/* The complaint is logged only after its letter has been seen. */}
            <FormButtons label="Continue" busy={busy} cancel={back} />
          </form>
        </div>
      </div>
    </>
  );
}

/** Logging a complaint from the resident's page, or from the worklist once the resident is
 * found. */
export function ResidentComplaint({ slug, id, landlordName }: { slug: string; id: string; landlordName: string }) {
  const resident = useResident(slug, id);
  const r = resident.data;
  const back = residentHref(slug, id);
  if (!r) {
    return (
      <>
        <BackLink href={back}>Back to the resident</BackLink>
        <NotLoaded loaded={resident} what="Resident" />
      </>
    );
  }
  return (
    <ComplaintIntake
      slug={slug}
      residentId={id}
      caption={`${r.name} – ${landlordName}`}
      heading="Log a complaint"
      intro={
        <p className="govuk-body">
          Stage 1 begins on the day the complaint was received, and {r.name} is sent its reference and a private link to follow it (Code 1.2). You see the
          letter before anything is recorded.
        </p>
      }
      back={back}
      backText={`Back to ${r.name}`}
      done="Complaint logged"
    />
  );
}

/** The start of logging a complaint: whose it is. The resident is found among those recorded,
 * or recorded first; the complaint is then logged from their record. */
export function WhoseComplaint({ slug, landlordName }: { slug: string; landlordName: string }) {
  const { query } = useLocation();
  const q = query.get("q") ?? "";
  const [text, setText] = useState(q);
  useTitle(`Log a complaint – ${landlordName}`);
  useEffect(() => setText(q), [q]);
  const base = `/l/${encodeURIComponent(slug)}`;
  const here = `${base}/log-complaint`;
  const found = useLoad(
    q ? () => api.GET("/api/v1/landlords/{slug}/residents", { params: { path: { slug }, query: { q, limit: 20 } } }) : null,
    [slug, q],
  );

  function search(e: FormEvent) {
    e.preventDefault();
    const t = text.trim();
    navigate(t ? `${here}?q=${encodeURIComponent(t)}` : here);
  }

  const items = found.data?.items ?? [];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">{landlordName}</span>
        <h1 className="govuk-heading-l">Log a complaint</h1>
        <p className="govuk-body">
          For a complaint made by phone, in person, by letter or through someone else (Code 1.2). First find the resident it is from.
        </p>
        <form onSubmit={search} role="search" aria-label="Find the resident">
          <TextInput
            name="q"
            label="Whose complaint is it?"
            hint="Part of their name, email address or property reference"
            value={text}
            onChange={setText}
          />
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Find the resident
          </button>
        </form>
        {q &&
          (!found.data ? (
            <NotLoaded loaded={found} />
          ) : items.length === 0 ? (
            <p className="govuk-body" role="status">
              No residents match “{q}”.
            </p>
          ) : (
            <>
              <h2 className="govuk-heading-m">
                {items.length === 1 ? "1 resident matches" : `${items.length} residents match`} “{q}”
              </h2>
              <ul className="govuk-list govuk-list--spaced">
                {items.map((r) => (
                  <li key={r.id}>
                    <Link href={`${residentHref(slug, r.id)}/complaint`} className="govuk-link">
                      Log a complaint from {r.name}
                    </Link>
                    <span className="govuk-hint govuk-!-margin-0">{[r.property_ref, r.email].filter(Boolean).join(", ")}</span>
                  </li>
                ))}
              </ul>
            </>
          ))}
        <h2 className="govuk-heading-m">Not recorded yet?</h2>
        <p className="govuk-body">Record the resident first; their page then offers “Log a complaint”.</p>
        <ButtonLink href={`${base}/residents/new`} secondary>
          Add a resident
        </ButtonLink>
      </div>
    </div>
  );
}
