// Migration 5: the close's reconciliation differences in Simplified Chinese beside the English, for the screen and
// the printed Z in the manager's language.
export const sql = `
ALTER TABLE reconciliations ADD COLUMN detail_zh TEXT;
`;
