import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { ContractDocument } from './contract-document.ts';
import { contractBlocks } from './contract-document.ts';
import { formatUsdCents } from './format-amount.ts';
import { renderContractPdf, wrapText } from './render-contract-pdf.ts';

function contractDocument(overrides: Partial<ContractDocument> = {}): ContractDocument {
  const createdAt = new Date('2026-03-04T05:06:07.000Z');
  return {
    contractId: '0198f0c2-1111-7000-8000-000000000001',
    offerId: '0198f0c2-2222-7000-8000-000000000002',
    listingId: '0198f0c2-3333-7000-8000-000000000003',
    listingTitle: 'Tower of Trials, whole game',
    templateVersion: '1.0.0',
    templateBody: '1. Sale. The Seller sells.\n\n2. Escrow. Bloxtr8 holds the funds.',
    createdAt,
    expiresAt: new Date(createdAt.getTime() + 72 * 3_600_000),
    buyer: { userId: 'b-1', username: 'alice', robloxUsername: 'AliceBuilds' },
    seller: { userId: 's-1', username: 'bob', robloxUsername: null },
    priceCents: 450_000n,
    rail: 'STRIPE',
    game: {
      id: 'snap-1',
      universeId: '123456',
      rootPlaceId: '654321',
      name: 'Tower of Trials',
      description: 'Climb it.',
      thumbnailUrl: null,
      visits: 987_654,
      playing: 321,
      gameCreatedAt: new Date('2020-01-02T03:04:05.000Z'),
      capturedAt: createdAt,
    },
    ...overrides,
  };
}

describe('the contract PDF', () => {
  it('parses back as a PDF with at least one page, titled with the contract id', async () => {
    const bytes = await renderContractPdf(contractDocument());
    const parsed = await PDFDocument.load(bytes);
    expect(parsed.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(parsed.getTitle()).toBe('Bloxtr8 contract 0198f0c2-1111-7000-8000-000000000001');
    expect(parsed.getSubject()).toBe('Template 1.0.0');
  });

  it('renders the same bytes for the same contract, so its hash identifies the text', async () => {
    const first = await renderContractPdf(contractDocument());
    const second = await renderContractPdf(contractDocument());
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    const otherPrice = await renderContractPdf(contractDocument({ priceCents: 450_001n }));
    expect(Buffer.from(first).equals(Buffer.from(otherPrice))).toBe(false);
  });

  it('renders names the standard font cannot encode (emoji) instead of failing', async () => {
    const game = { ...contractDocument().game, name: 'Obby 🔥 Ω 世界' };
    const bytes = await renderContractPdf(contractDocument({ game }));
    expect((await PDFDocument.load(bytes)).getPageCount()).toBeGreaterThanOrEqual(1);
  });

  it('continues on further pages when the text is long', async () => {
    const game = { ...contractDocument().game, description: 'word '.repeat(800) };
    const bytes = await renderContractPdf(contractDocument({ game }));
    expect((await PDFDocument.load(bytes)).getPageCount()).toBeGreaterThan(1);
  });

  it('states the parties, the price from integer cents, the rail, the game and the template', () => {
    const text = contractBlocks(contractDocument())
      .map((block) => block.text)
      .join('\n');
    expect(text).toContain('Seller: bob (Bloxtr8 user s-1)');
    expect(text).toContain('Buyer: alice (Bloxtr8 user b-1, Roblox account AliceBuilds)');
    expect(text).toContain('Price: $4,500.00');
    expect(text).toContain('Stripe');
    expect(text).toContain('Name: Tower of Trials');
    expect(text).toContain('Template version 1.0.0');
    expect(text).toContain('2. Escrow. Bloxtr8 holds the funds.');
  });
});

describe('formatting an amount', () => {
  it.each([
    [0n, '$0.00'],
    [5n, '$0.05'],
    [450_000n, '$4,500.00'],
    [1_000_000n, '$10,000.00'],
    [123_456_789_01n, '$123,456,789.01'],
    [-250n, '-$2.50'],
  ])('writes %s cents as %s', (cents, text) => {
    expect(formatUsdCents(cents)).toBe(text);
  });
});

describe('wrapping text', () => {
  it('keeps every line within the width and loses no character', async () => {
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    const text = `short words then ${'x'.repeat(300)} and more`;
    const lines = wrapText(text, font, 10, 200);
    for (const line of lines) expect(font.widthOfTextAtSize(line, 10)).toBeLessThanOrEqual(200);
    expect(lines.join('').replaceAll(' ', '')).toBe(text.replaceAll(' ', ''));
  });
});
