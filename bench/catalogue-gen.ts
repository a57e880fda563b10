// Generates a large catalogue straight into a ledger (1,000,000 products by default): valid EAN-13 barcodes,
// English and Chinese names from word lists, three tax rates. Deterministic (seeded), so runs compare.
import { gtinCheckDigit } from '../core/barcode';
import { CatalogueRepo } from '../db/catalogue-repo';
import type { Db } from '../db/open';

const ADJ = ['Fresh', 'Organic', 'Classic', 'Golden', 'Spicy', 'Sweet', 'Crispy', 'Premium', 'Mini', 'Family', 'Light', 'Dark', 'Wild', 'Smoked', 'Roasted', 'Frozen'];
const NOUN = ['Milk', 'Bread', 'Tea', 'Coffee', 'Rice', 'Noodles', 'Juice', 'Cookies', 'Cheese', 'Yogurt', 'Chips', 'Soap', 'Shampoo', 'Dumplings', 'Sauce', 'Water', 'Candy', 'Butter', 'Honey', 'Tofu', 'Peanuts', 'Apples', 'Beef', 'Chicken'];
const ADJ_ZH = ['新鲜', '有机', '经典', '金色', '香辣', '香甜', '香脆', '优质', '迷你', '家庭', '清淡', '黑', '野生', '烟熏', '烤', '冷冻'];
const NOUN_ZH = ['牛奶', '面包', '茶', '咖啡', '大米', '面条', '果汁', '饼干', '奶酪', '酸奶', '薯片', '香皂', '洗发水', '饺子', '酱', '水', '糖果', '黄油', '蜂蜜', '豆腐', '花生', '苹果', '牛肉', '鸡肉'];

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function benchBarcode(i: number): string {
  const body = `20${String(i).padStart(10, '0')}`.replace(/^20/, '69');
  return body + String(gtinCheckDigit(body));
}

export function generateCatalogue(db: Db, count: number, onProgress?: (done: number) => void): void {
  const repo = new CatalogueRepo(db);
  const rand = mulberry32(42);
  for (const rate of [
    { code: 'A', rate_bp: 1300, label: 'A' },
    { code: 'B', rate_bp: 900, label: 'B' },
    { code: 'C', rate_bp: 600, label: 'C' },
  ]) repo.putTaxRate(rate);
  const now = new Date(0).toISOString();
  const batch = 20_000;
  for (let start = 0; start < count; start += batch) {
    db.transaction(() => {
      for (let i = start; i < Math.min(count, start + batch); i++) {
        const a = Math.floor(rand() * ADJ.length);
        const n = Math.floor(rand() * NOUN.length);
        repo.upsert(
          {
            productId: `p${i}`,
            sku: `SKU${i}`,
            name: `${ADJ[a]} ${NOUN[n]} ${i % 997}`,
            nameZh: `${ADJ_ZH[a]}${NOUN_ZH[n]}${i % 997}`,
            price: 100 + Math.floor(rand() * 20_000),
            taxCode: ['A', 'B', 'C'][i % 3]!,
            category: null,
            weighed: false,
            active: true,
            embeddedCode: null,
            barcodes: [benchBarcode(i)],
          },
          now,
        );
      }
    })();
    onProgress?.(Math.min(count, start + batch));
  }
}

export const SEARCH_WORDS = [...ADJ.map((a) => a.toLowerCase().slice(0, 4)), ...NOUN.map((n) => n.toLowerCase()), ...NOUN_ZH, 'golden tea', '有机 牛奶', 'spicy beef 12'];
