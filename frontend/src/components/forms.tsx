import { useEffect, useRef, type ReactNode } from "react";
import { fieldId, type FormErrors } from "../lib/problems";

/** GOV.UK form components as React components, with the markup the Design System expects. */

export function ErrorSummary({ errors }: { errors: FormErrors | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors && errors.summary.length > 0) ref.current?.focus();
  }, [errors]);
  if (!errors || errors.summary.length === 0) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {errors.summary.map((item, i) => (
              <li key={i}>
                {item.href ? (
                  <a
                    href={item.href}
                    onClick={(e) => {
                      const target = document.getElementById(item.href?.slice(1) ?? "");
                      if (target) {
                        e.preventDefault();
                        target.scrollIntoView({ block: "center" });
                        target.focus();
                      }
                    }}
                  >
                    {item.text}
                  </a>
                ) : (
                  item.text
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

function ErrorMessage({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={`${id}-error`} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {message}
    </p>
  );
}

function describedBy(id: string, hint?: ReactNode, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

interface FieldProps {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  /** Shows the label as the page's heading. */
  pageHeading?: boolean;
}

function Label({ id, label, pageHeading }: { id: string; label: string; pageHeading?: boolean }) {
  if (pageHeading) {
    return (
      <h1 className="govuk-label-wrapper">
        <label className="govuk-label govuk-label--l" htmlFor={id}>
          {label}
        </label>
      </h1>
    );
  }
  return (
    <label className="govuk-label govuk-label--s" htmlFor={id}>
      {label}
    </label>
  );
}

export function TextInput(
  props: FieldProps & {
    type?: string;
    autoComplete?: string;
    inputMode?: "numeric" | "text" | "email";
    width?: string;
    spellCheck?: boolean;
  },
) {
  const id = fieldId(props.name);
  return (
    <div className={`govuk-form-group${props.error ? " govuk-form-group--error" : ""}`}>
      <Label id={id} label={props.label} pageHeading={props.pageHeading} />
      {props.hint && (
        <div id={`${id}-hint`} className="govuk-hint">
          {props.hint}
        </div>
      )}
      <ErrorMessage id={id} message={props.error} />
      <input
        className={`govuk-input${props.width ? ` ${props.width}` : ""}${props.error ? " govuk-input--error" : ""}`}
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        spellCheck={props.spellCheck}
        aria-describedby={describedBy(id, props.hint, props.error)}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}

export function Textarea(props: FieldProps & { rows?: number; autoComplete?: string; spellCheck?: boolean }) {
  const id = fieldId(props.name);
  return (
    <div className={`govuk-form-group${props.error ? " govuk-form-group--error" : ""}`}>
      <Label id={id} label={props.label} pageHeading={props.pageHeading} />
      {props.hint && (
        <div id={`${id}-hint`} className="govuk-hint">
          {props.hint}
        </div>
      )}
      <ErrorMessage id={id} message={props.error} />
      <textarea
        className={`govuk-textarea${props.error ? " govuk-textarea--error" : ""}`}
        id={id}
        name={props.name}
        rows={props.rows ?? 5}
        value={props.value}
        autoComplete={props.autoComplete}
        spellCheck={props.spellCheck}
        aria-describedby={describedBy(id, props.hint, props.error)}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}

export interface Choice {
  value: string;
  label: string;
  hint?: string;
}

export function Select(props: FieldProps & { choices: Choice[]; groups?: { label: string; choices: Choice[] }[] }) {
  const id = fieldId(props.name);
  return (
    <div className={`govuk-form-group${props.error ? " govuk-form-group--error" : ""}`}>
      <Label id={id} label={props.label} pageHeading={props.pageHeading} />
      {props.hint && (
        <div id={`${id}-hint`} className="govuk-hint">
          {props.hint}
        </div>
      )}
      <ErrorMessage id={id} message={props.error} />
      <select
        className={`govuk-select${props.error ? " govuk-select--error" : ""}`}
        id={id}
        name={props.name}
        value={props.value}
        aria-describedby={describedBy(id, props.hint, props.error)}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
        {props.groups?.map((g) =>
          g.choices.length ? (
            <optgroup key={g.label} label={g.label}>
              {g.choices.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </optgroup>
          ) : null,
        )}
      </select>
    </div>
  );
}

export function Radios(
  props: Omit<FieldProps, "pageHeading"> & {
    choices: Choice[];
    inline?: boolean;
    small?: boolean;
    legendSize?: "s" | "m" | "l";
    /** Shown under the chosen option (the GOV.UK conditional reveal). */
    conditional?: Record<string, ReactNode>;
    /** Shown inside the fieldset after the choices: a question that belongs to the same group. */
    after?: ReactNode;
  },
) {
  const id = fieldId(props.name);
  return (
    <div className={`govuk-form-group${props.error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(id, props.hint, props.error)}>
        <legend className={`govuk-fieldset__legend govuk-fieldset__legend--${props.legendSize ?? "s"}`}>
          {props.label}
        </legend>
        {props.hint && (
          <div id={`${id}-hint`} className="govuk-hint">
            {props.hint}
          </div>
        )}
        <ErrorMessage id={id} message={props.error} />
        <div
          className={`govuk-radios${props.inline ? " govuk-radios--inline" : ""}${props.small ? " govuk-radios--small" : ""}`}
        >
          {props.choices.map((c, i) => {
            const inputId = i === 0 ? id : `${id}-${i + 1}`;
            const reveal = props.conditional?.[c.value];
            return (
              <div key={c.value}>
                <div className="govuk-radios__item">
                  <input
                    className="govuk-radios__input"
                    id={inputId}
                    name={props.name}
                    type="radio"
                    value={c.value}
                    checked={props.value === c.value}
                    aria-describedby={c.hint ? `${inputId}-item-hint` : undefined}
                    onChange={() => props.onChange(c.value)}
                  />
                  <label className="govuk-label govuk-radios__label" htmlFor={inputId}>
                    {c.label}
                  </label>
                  {c.hint && (
                    <div id={`${inputId}-item-hint`} className="govuk-hint govuk-radios__hint">
                      {c.hint}
                    </div>
                  )}
                </div>
                {reveal && props.value === c.value && <div className="govuk-radios__conditional">{reveal}</div>}
              </div>
            );
          })}
        </div>
        {props.after}
      </fieldset>
    </div>
  );
}

export function Checkbox(props: {
  name: string;
  label: string;
  hint?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  /** The id of an error message about the box, outside it. */
  errorId?: string;
}) {
  const id = fieldId(props.name);
  const described = [props.hint ? `${id}-item-hint` : "", props.errorId ?? ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className="govuk-checkboxes__item">
      <input
        className="govuk-checkboxes__input"
        id={id}
        name={props.name}
        type="checkbox"
        checked={props.checked}
        aria-describedby={described}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
        {props.label}
      </label>
      {props.hint && (
        <div id={`${id}-item-hint`} className="govuk-hint govuk-checkboxes__hint">
          {props.hint}
        </div>
      )}
    </div>
  );
}

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export const emptyDate: DateParts = { day: "", month: "", year: "" };

export function DateInput(props: {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  value: DateParts;
  onChange: (value: DateParts) => void;
}) {
  const id = fieldId(props.name);
  const part = (key: keyof DateParts, label: string, width: string) => {
    const inputId = key === "day" ? id : `${id}-${key}`;
    return (
      <div className="govuk-date-input__item">
        <div className="govuk-form-group">
          <label className="govuk-label govuk-date-input__label" htmlFor={inputId}>
            {label}
          </label>
          <input
            className={`govuk-input govuk-date-input__input ${width}${props.error ? " govuk-input--error" : ""}`}
            id={inputId}
            name={`${props.name}-${key}`}
            type="text"
            inputMode="numeric"
            value={props.value[key]}
            onChange={(e) => props.onChange({ ...props.value, [key]: e.target.value })}
          />
        </div>
      </div>
    );
  };
  return (
    <div className={`govuk-form-group${props.error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" role="group" aria-describedby={describedBy(id, props.hint, props.error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{props.label}</legend>
        {props.hint && (
          <div id={`${id}-hint`} className="govuk-hint">
            {props.hint}
          </div>
        )}
        <ErrorMessage id={id} message={props.error} />
        <div className="govuk-date-input">
          {part("day", "Day", "govuk-input--width-2")}
          {part("month", "Month", "govuk-input--width-2")}
          {part("year", "Year", "govuk-input--width-4")}
        </div>
      </fieldset>
    </div>
  );
}

export function Button({
  children,
  secondary,
  disabled,
  type = "submit",
  onClick,
}: {
  children: ReactNode;
  secondary?: boolean;
  disabled?: boolean;
  type?: "submit" | "button";
  onClick?: () => void;
}) {
  return (
    <button
      type={type}
      className={`govuk-button${secondary ? " govuk-button--secondary" : ""}`}
      data-module="govuk-button"
      disabled={disabled}
      aria-disabled={disabled || undefined}
      onClick={onClick}
    >
      {children}
    </button>
  );
}
