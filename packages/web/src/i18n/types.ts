import type { en } from './en';

/** The German (and any further) catalogue must have exactly the keys of the English one. */
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Catalogue = Widen<typeof en>;
