/** `1 surface`, `3 surfaces`: counts in messages agree with their nouns. */
export const plural = (count: number, singular: string, pluralForm = `${singular}s`) => `${count} ${count === 1 ? singular : pluralForm}`;
