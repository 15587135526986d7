/** Line icons, 24×24, drawn in currentColor; always decorative (the text or aria-label names the thing). */
const paths = {
  feed: 'M4 5h16M4 12h16M4 19h10',
  people: 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21a7 7 0 0 1 14 0M17 11a3 3 0 1 0 0-6M22 21a6 6 0 0 0-4-5.6',
  org: 'M9 3h6v4H9zM3 17h6v4H3zM15 17h6v4h-6zM12 7v5M6 17v-5h12v5',
  admin: 'M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z',
  like: 'M7 11v9H4v-9zM7 11l4-8a2 2 0 0 1 3 2l-1 5h6a2 2 0 0 1 2 2.3l-1.4 7A2 2 0 0 1 17.6 21H7',
  comment: 'M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.5A8 8 0 1 1 21 12z',
  more: 'M5 12h.01M12 12h.01M19 12h.01',
  search: 'M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM21 21l-5-5',
  chevron: 'M9 6l6 6-6 6',
  plus: 'M12 5v14M5 12h14',
  topic: 'M5 9h14M5 15h14M10 4 8 20M16 4l-2 16',
  groups:
    'M12 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM5 13a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM19 13a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM6.5 20a5.5 5.5 0 0 1 11 0M1.5 19a4 4 0 0 1 4.5-3.9M22.5 19a4 4 0 0 0-4.5-3.9',
  eye: 'M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12zM12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z',
  megaphone: 'M3 10v4h3l7 5V5l-7 5zM16.5 9a4 4 0 0 1 0 6M19.5 6a8 8 0 0 1 0 12',
  archive: 'M3 4h18v4H3zM5 8v12h14V8M10 12h4',
  messages: 'M4 5h16v11H9l-5 4zM8 9h8M8 12h5',
  bell: 'M6 16V10a6 6 0 0 1 12 0v6l2 2H4zM10 21h4',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, size = 20, filled = false }: { name: IconName; size?: number; filled?: boolean }) {
  return (
    <svg
      className="icon"
      viewBox="0 0 24 24"
      width={size}
      height={size}
      aria-hidden="true"
      focusable="false"
      fill={filled ? 'currentColor' : 'none'}
      stroke="currentColor"
      strokeWidth={name === 'more' ? 3 : 1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={paths[name]} />
    </svg>
  );
}
