import { useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';

interface Common {
  label: string;
  hint?: ReactNode;
  error?: string | null;
}

interface FrameProps extends Common {
  id: string | undefined;
  className: string | undefined;
  /** The control, given its id and the ARIA attributes that tie it to the label, hint and error. */
  children: (aria: { id: string; 'aria-invalid': true | undefined; 'aria-describedby': string | undefined }) => ReactNode;
}

/** The label, hint and error around one control, wired up through aria-describedby. */
function FieldFrame({ label, hint, error, id, className, children }: FrameProps) {
  const auto = useId();
  const fid = id ?? auto;
  const hintId = hint ? `${fid}-hint` : undefined;
  const errId = error ? `${fid}-err` : undefined;
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={fid} className="field-label">
        {label}
      </label>
      {children({ id: fid, 'aria-invalid': error ? true : undefined, 'aria-describedby': [hintId, errId].filter(Boolean).join(' ') || undefined })}
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** A labelled input with its hint and error. */
export function TextField({ label, hint, error, id, className, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldFrame label={label} hint={hint} error={error} id={id} className={className}>
      {(aria) => <input className="input" {...aria} {...input} />}
    </FieldFrame>
  );
}

/** A labelled textarea with its hint and error. */
export function TextAreaField({ label, hint, error, id, className, ...ta }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldFrame label={label} hint={hint} error={error} id={id} className={className}>
      {(aria) => <textarea className="input" {...aria} {...ta} />}
    </FieldFrame>
  );
}
