/**
 * The tab's title: the page's own ("Feed · Acme"), with the number of unread things (conversations
 * with unread messages plus unread notifications) in front while there are any ("(2) Feed · Acme").
 */
let base = typeof document !== 'undefined' ? document.title : '';
let count = 0;

function apply() {
  document.title = count > 0 ? `(${count}) ${base}` : base;
}

export function setPageTitle(title: string): void {
  base = title;
  apply();
}

export function setUnreadInTitle(n: number): void {
  if (n === count) return;
  count = n;
  apply();
}
