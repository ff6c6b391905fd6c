/** The shape of a dictionary: the Swedish one's keys, any string as a text (the type English must match). */
export type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
