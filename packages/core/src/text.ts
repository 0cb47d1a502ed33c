import { z } from "zod";

/** A text in Indonesian (`id`) and English (`en`): every label a user sees comes in both. */
export const LocalizedTextSchema = z.object({
  /** Bahasa Indonesia. */
  id: z.string(),
  /** English. */
  en: z.string(),
});
/** A text in Indonesian and English. */
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/** The languages labels come in. */
export type Language = keyof LocalizedText;

/** Builds a {@link LocalizedText}. */
export const text = (id: string, en: string): LocalizedText => ({ id, en });
