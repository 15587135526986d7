import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { chooseLanguage, LANGUAGES } from '../i18n';
import { registerLiveRegion } from '../lib/announce';

/** The frame of the pages before sign-in: one centered card and a language choice. */
export function AuthLayout({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="auth-page">
      <main id="main" tabIndex={-1} className="auth-card card">
        {children}
      </main>
      <footer className="auth-footer">
        <label htmlFor="auth-language" className="small">
          {t('account.language')}
        </label>{' '}
        <select
          id="auth-language"
          className="input input-inline"
          value={i18n.language}
          onChange={(e) => void chooseLanguage(e.target.value as (typeof LANGUAGES)[number])}
        >
          <option value="en" lang="en">
            English
          </option>
          <option value="de" lang="de">
            Deutsch
          </option>
        </select>
      </footer>
      <div className="visually-hidden" aria-live="polite" ref={registerLiveRegion} />
    </div>
  );
}
