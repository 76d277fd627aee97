/**
 * Reports of an assessment for people: text for terminals, Markdown, and printable HTML, in English and
 * French. Pure: no I/O, no Node built-ins, so it also runs in the browser.
 */
export type { Audience } from './answers.js';
export { AUDIENCES, formatAnswer, optionText, questionLabel } from './answers.js';
export type { CitationView } from './citations.js';
export { citationHref, citationView } from './citations.js';
export type {
  CompactAssessment,
  CompactFinding,
  CompactOptions,
  CompactUnresolved,
  FullDetailLink,
} from './compact.js';
export { compactAssessment } from './compact.js';
export type { ConditionLine } from './condition.js';
export { conditionLines, conditionText } from './condition.js';
export type { ConsentBlock, ConsentDocument, ConsentItem } from './consent.js';
export { CONSENT_TEXT, consentDocument, consentDocumentText, consentText, dateInWords } from './consent.js';
export type { HeadlineLevel } from './headline-levels.js';
export { HEADLINE_LEVELS } from './headline-levels.js';
export { escapeHtml, renderHtml } from './html.js';
export type { InfoItem, InfoSection, InfoSectionId, InfoSheet } from './info-sheet.js';
export { infoSheet, infoSheetText, isMildRisk, techniqueRisks } from './info-sheet.js';
export type { ConsentStrings, InfoSheetStrings } from './info-sheet-strings.js';
export { CONSENT_STRINGS, INFO_SHEET_STRINGS } from './info-sheet-strings.js';
export { block, wrap } from './layout.js';
export { escapeMarkdown, renderMarkdown } from './markdown.js';
export type { Messages } from './messages.js';
export { messages } from './messages.js';
export type { MappingRow, RecordMappingView } from './record-mapping.js';
export { recordAnswerText, recordMappingMessages, recordMappingView } from './record-mapping.js';
export type { TextOptions } from './text.js';
export { renderEmergencyNotice, renderText } from './text.js';
export type { ReportOptions, ReportView } from './view.js';
export { buildReportView } from './view.js';
