import { useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { UseMutationResult } from '@tanstack/react-query';
import { errorMessage } from '../lib/error-message';

const MAX_BYTES = 10 * 1024 * 1024;

interface Texts {
  /** The label button's text when no upload is under way. */
  choose: string;
  uploading: string;
  hint: string;
  notImage: string;
  tooLarge: string;
}

interface Props<T> {
  className: string;
  /** The current picture, shown beside the button. */
  preview: ReactNode;
  /** The caller's upload: it stores the result and announces it; errors and focus are handled here. */
  mutation: UseMutationResult<T, Error, File>;
  texts: Texts;
}

/** Choose a picture with a styled label over the native file input, checked for size before sending. */
export function ImageUpload<T>({ className, preview, mutation, texts }: Props<T>) {
  const { t } = useTranslation();
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);

  const upload = (file: File) =>
    mutation.mutate(file, {
      onError: (err) => setError(errorMessage(t, err, { unsupported_media_type: texts.notImage, payload_too_large: texts.tooLarge })),
      // The input is disabled while uploading, which drops keyboard focus to the page: give it back.
      onSettled: () =>
        requestAnimationFrame(() => {
          if (document.activeElement === document.body) input.current?.focus();
        }),
    });

  return (
    <div className={className}>
      {preview}
      <div className="stack-xs">
        <input
          ref={input}
          id={inputId}
          type="file"
          className="file-input"
          accept="image/jpeg,image/png,image/webp,image/gif"
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          disabled={mutation.isPending}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            setError(null);
            if (file.size > MAX_BYTES) return setError(texts.tooLarge);
            upload(file);
          }}
        />
        <label htmlFor={inputId} className="btn btn-secondary file-label">
          {mutation.isPending ? texts.uploading : texts.choose}
        </label>
        <p id={hintId} className="field-hint">
          {texts.hint}
        </p>
        {error && (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
