import type { PDFFont, PDFPage } from 'pdf-lib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { ContractBlock, ContractDocument } from './contract-document.ts';
import { contractBlocks } from './contract-document.ts';

/** A4 in points, with 56 pt (about 2 cm) margins. */
const PAGE = { width: 595.28, height: 841.89, margin: 56 } as const;
const SIZE: Record<ContractBlock['kind'], number> = { title: 18, heading: 13, paragraph: 10.5 };
const LINE_GAP = 1.35;
/** Bounds the work a hostile description could cause (it is capped at 4,000 characters anyway). */
const PAGE_COUNT_MAX = 50;

/**
 * Renders the contract as a PDF. Deterministic: the same document gives the same bytes (dates come
 * from the document, not the wall clock), so its SHA-256 identifies the text both parties sign.
 */
export async function renderContractPdf(document: ContractDocument): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Bloxtr8 contract ${document.contractId}`);
  pdf.setSubject(`Template ${document.templateVersion}`);
  pdf.setCreator('Bloxtr8');
  pdf.setProducer('Bloxtr8');
  pdf.setCreationDate(document.createdAt);
  pdf.setModificationDate(document.createdAt);
  const fonts = {
    regular: await pdf.embedFont(StandardFonts.Helvetica),
    bold: await pdf.embedFont(StandardFonts.HelveticaBold),
  };
  let page = pdf.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - PAGE.margin;
  for (const block of contractBlocks(document)) {
    const font = block.kind === 'paragraph' ? fonts.regular : fonts.bold;
    const size = SIZE[block.kind];
    const lineHeight = size * LINE_GAP;
    y -= block.kind === 'paragraph' ? lineHeight * 0.4 : lineHeight;
    for (const line of wrapText(printable(block.text, font), font, size, usableWidth())) {
      if (y - lineHeight < PAGE.margin) {
        if (pdf.getPageCount() >= PAGE_COUNT_MAX) throw new Error('contract too long to render');
        page = pdf.addPage([PAGE.width, PAGE.height]);
        y = PAGE.height - PAGE.margin;
      }
      y -= lineHeight;
      drawLine(page, line, font, size, y);
    }
  }
  return pdf.save();
}

function usableWidth(): number {
  return PAGE.width - 2 * PAGE.margin;
}

function drawLine(page: PDFPage, text: string, font: PDFFont, size: number, y: number): void {
  page.drawText(text, { x: PAGE.margin, y, size, font });
}

/**
 * The text with every character the standard font cannot encode replaced by `?`: names and game
 * descriptions come from users and Roblox and may hold emoji, which WinAnsi fonts do not have.
 */
export function printable(text: string, font: PDFFont): string {
  const known = new Set(font.getCharacterSet());
  return Array.from(text, (character) =>
    known.has(character.codePointAt(0) ?? 0) ? character : '?',
  ).join('');
}

/** Greedy word wrap to `width` points; a word wider than a line is cut where it must be. */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const fits = (candidate: string) => font.widthOfTextAtSize(candidate, size) <= width;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter((part) => part !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = '';
    for (const character of word) {
      if (line !== '' && !fits(line + character)) {
        lines.push(line);
        line = '';
      }
      line += character;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
