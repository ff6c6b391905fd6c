import { expect } from 'vitest';
import { loadAdminTexts, locales } from '../../frontend/src/i18n/i18n';

/**
 * Component tests render admin screens on their own, without the signed-in area that fetches their texts:
 * fetch them for every test file here, in both languages (tests switch language and expect it at once).
 * public-texts.test.tsx opts out: it checks that the public pages need nothing but the public texts.
 */
if (!expect.getState().testPath?.endsWith('/public-texts.test.tsx')) await Promise.all(locales.map((language) => loadAdminTexts(language)));
