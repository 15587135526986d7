import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { de } from './de';
import { storage } from '../lib/storage';

export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];
const KEY = 'atrium.locale';

export function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

/** The saved choice, else the browser's first language we speak, else English. */
function initialLanguage(): Language {
  const saved = storage.get(KEY);
  if (isLanguage(saved)) return saved;
  for (const l of navigator.languages ?? [navigator.language]) {
    const base = l.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

export function savedLanguage(): Language | null {
  const saved = storage.get(KEY);
  return isLanguage(saved) ? saved : null;
}

/** The person picked a language (or his account has one): remember it on this device too. */
export async function chooseLanguage(lng: Language): Promise<void> {
  storage.set(KEY, lng);
  if (i18next.language !== lng) await i18next.changeLanguage(lng);
}

i18next.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

export function initI18n() {
  return i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, de: { translation: de } },
    lng: initialLanguage(),
    fallbackLng: 'en',
    supportedLngs: LANGUAGES,
    interpolation: { escapeValue: false },
    returnNull: false,
    react: { useSuspense: false },
  });
}

export { i18next };
