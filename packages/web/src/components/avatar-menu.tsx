import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { useSession } from '../features/session/use-session';
import { useChangeLanguage } from '../features/session/language';
import { logout } from '../features/session/session.api';
import { setTheme, useTheme, type ThemeChoice } from '../lib/theme';
import { announce } from '../lib/announce';
import { Avatar } from './avatar';
import { MenuButton, type MenuEntry } from './menu';

export function AvatarMenu() {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const theme = useTheme();
  const changeLanguage = useChangeLanguage();
  const navigate = useNavigate();
  const qc = useQueryClient();

  const themes: ThemeChoice[] = ['system', 'light', 'dark'];
  const entries: MenuEntry[] = [
    { kind: 'link', label: t('account.profile'), to: `/people/${user.id}` },
    { kind: 'link', label: t('account.editProfile'), to: `/people/${user.id}/edit` },
    { kind: 'separator' },
    {
      kind: 'group',
      label: t('account.language'),
      entries: [
        { kind: 'radio', label: 'English', lang: 'en', checked: i18n.language === 'en', onSelect: () => changeLanguage.mutate('en') },
        { kind: 'radio', label: 'Deutsch', lang: 'de', checked: i18n.language === 'de', onSelect: () => changeLanguage.mutate('de') },
      ],
    },
    { kind: 'separator' },
    {
      kind: 'group',
      label: t('account.theme'),
      entries: themes.map((th) => ({
        kind: 'radio' as const,
        label: t(`account.themes.${th}`),
        checked: theme === th,
        onSelect: () => {
          setTheme(th);
          announce(t('account.themeChanged', { theme: t(`account.themes.${th}`) }));
        },
      })),
    },
    { kind: 'separator' },
    {
      kind: 'item',
      label: t('account.signOut'),
      onSelect: () => {
        void logout()
          .catch(() => undefined)
          .then(() => {
            qc.clear();
            void navigate('/login', { replace: true });
          });
      },
    },
  ];

  return (
    <MenuButton
      label={t('account.menu', { name: user.name })}
      buttonClassName="avatar-button"
      button={<Avatar user={user} size="sm" />}
      entries={entries}
    />
  );
}
