// Training mode's demo shop: a few hundred products with English and Simplified Chinese names, valid EAN-13/UPC-A
// barcodes, three tax rates, weighed goods with embedded-weight codes, and the three demo users (PINs in README.md).
// Deterministic: the same products and barcodes on every machine, so docs and tests can name them.
import { gtinCheckDigit } from '../core/barcode';
import type { ProductWrite } from '../db/catalogue-repo';

export const DEMO_TAX_RATES = [
  { code: 'A', rate_bp: 1300, label: 'VAT 13% standard 标准税率' },
  { code: 'B', rate_bp: 900, label: 'VAT 9% food 食品税率' },
  { code: 'C', rate_bp: 600, label: 'VAT 6% services 服务税率' },
];

export const DEMO_USERS = [
  { username: 'cashier', displayName: 'Alex Chen 陈亚历', role: 'cashier' as const, pin: '1111', language: 'en' as const },
  { username: 'cashier2', displayName: 'Wang Fang 王芳', role: 'cashier' as const, pin: '4444', language: 'zh' as const },
  { username: 'manager', displayName: 'Maria Li 李玛丽', role: 'manager' as const, pin: '2222', language: 'en' as const },
  { username: 'tech', displayName: 'Sam Tech 技术员', role: 'tech' as const, pin: '3333', language: 'en' as const },
];

/** [english, chinese, price in fen, tax code] */
type Base = [string, string, number, string];

const CATEGORIES: { name: string; tax: string; items: Base[]; variants: [string, string, number][] }[] = [
  {
    name: 'Dairy 乳制品',
    tax: 'B',
    items: [
      ['Whole Milk', '全脂牛奶', 1250, 'B'], ['Skimmed Milk', '脱脂牛奶', 1180, 'B'], ['Plain Yogurt', '原味酸奶', 680, 'B'],
      ['Strawberry Yogurt', '草莓酸奶', 720, 'B'], ['Cheddar Cheese', '切达奶酪', 3580, 'B'], ['Butter', '黄油', 2890, 'B'],
      ['Cream', '淡奶油', 1990, 'B'], ['Soy Milk', '豆浆', 650, 'B'],
    ],
    variants: [['250 ml', '250毫升', 40], ['1 L', '1升', 100], ['Family 2 L', '家庭装2升', 185]],
  },
  {
    name: 'Bakery 烘焙',
    tax: 'B',
    items: [
      ['White Bread', '白面包', 890, 'B'], ['Wholemeal Bread', '全麦面包', 1090, 'B'], ['Croissant', '牛角包', 650, 'B'],
      ['Steamed Buns', '馒头', 500, 'B'], ['Red Bean Bun', '红豆包', 450, 'B'], ['Egg Tart', '蛋挞', 580, 'B'],
      ['Mooncake', '月饼', 1880, 'B'], ['Baguette', '法棍', 990, 'B'],
    ],
    variants: [['single', '单个', 100], ['pack of 4', '四个装', 360], ['pack of 8', '八个装', 680]],
  },
  {
    name: 'Drinks 饮料',
    tax: 'A',
    items: [
      ['Mineral Water', '矿泉水', 200, 'A'], ['Green Tea Drink', '绿茶饮料', 350, 'A'], ['Cola', '可乐', 300, 'A'],
      ['Orange Juice', '橙汁', 880, 'A'], ['Coconut Water', '椰子水', 690, 'A'], ['Jasmine Tea', '茉莉花茶', 420, 'A'],
      ['Coffee Latte', '拿铁咖啡', 1280, 'A'], ['Beer', '啤酒', 650, 'A'], ['Sparkling Water', '苏打水', 450, 'A'],
    ],
    variants: [['330 ml', '330毫升', 100], ['500 ml', '500毫升', 140], ['6 pack', '六瓶装', 560]],
  },
  {
    name: 'Snacks 零食',
    tax: 'A',
    items: [
      ['Potato Chips', '薯片', 790, 'A'], ['Sunflower Seeds', '葵花籽', 990, 'A'], ['Chocolate Bar', '巧克力', 1190, 'A'],
      ['Rice Crackers', '米饼', 850, 'A'], ['Dried Mango', '芒果干', 1590, 'A'], ['Peanuts', '花生', 1090, 'A'],
      ['Seaweed Snack', '海苔', 650, 'A'], ['Biscuits', '饼干', 780, 'A'],
    ],
    variants: [['small', '小包', 100], ['large', '大包', 180], ['party size', '派对装', 320]],
  },
  {
    name: 'Pantry 粮油',
    tax: 'B',
    items: [
      ['Jasmine Rice', '茉莉香米', 4990, 'B'], ['Noodles', '面条', 890, 'B'], ['Soy Sauce', '酱油', 1290, 'B'],
      ['Rice Vinegar', '米醋', 990, 'B'], ['Peanut Oil', '花生油', 6990, 'B'], ['Sugar', '白糖', 790, 'B'],
      ['Flour', '面粉', 1590, 'B'], ['Instant Noodles', '方便面', 450, 'B'], ['Oyster Sauce', '蚝油', 1190, 'B'],
    ],
    variants: [['500 g', '500克', 100], ['1 kg', '1公斤', 185], ['5 kg', '5公斤', 820]],
  },
  {
    name: 'Household 日用品',
    tax: 'A',
    items: [
      ['Dish Soap', '洗洁精', 1290, 'A'], ['Laundry Detergent', '洗衣液', 3990, 'A'], ['Paper Towels', '厨房纸巾', 1590, 'A'],
      ['Toilet Paper', '卫生纸', 2990, 'A'], ['Trash Bags', '垃圾袋', 990, 'A'], ['Sponges', '海绵', 590, 'A'],
      ['Batteries AA', '五号电池', 1990, 'A'], ['Light Bulb', '灯泡', 1290, 'A'],
    ],
    variants: [['single', '单个', 100], ['value pack', '超值装', 240], ['bulk', '量贩装', 450]],
  },
  {
    name: 'Personal care 个人护理',
    tax: 'A',
    items: [
      ['Toothpaste', '牙膏', 1590, 'A'], ['Toothbrush', '牙刷', 890, 'A'], ['Shampoo', '洗发水', 3290, 'A'],
      ['Shower Gel', '沐浴露', 2890, 'A'], ['Hand Cream', '护手霜', 1990, 'A'], ['Face Masks', '面膜', 4990, 'A'],
      ['Tissues', '面巾纸', 690, 'A'],
    ],
    variants: [['travel', '旅行装', 50], ['regular', '标准装', 100], ['twin pack', '双支装', 190]],
  },
  {
    name: 'Frozen 冷冻',
    tax: 'B',
    items: [
      ['Pork Dumplings', '猪肉水饺', 2590, 'B'], ['Vegetable Dumplings', '素水饺', 2290, 'B'], ['Glutinous Rice Balls', '汤圆', 1590, 'B'],
      ['Ice Cream', '冰淇淋', 990, 'B'], ['Frozen Peas', '冷冻豌豆', 890, 'B'], ['Spring Rolls', '春卷', 1890, 'B'],
    ],
    variants: [['small', '小份', 100], ['family', '家庭装', 220]],
  },
  {
    name: 'Stationery 文具',
    tax: 'A',
    items: [
      ['Ballpoint Pen', '圆珠笔', 300, 'A'], ['Notebook', '笔记本', 890, 'A'], ['Sticky Notes', '便利贴', 590, 'A'],
      ['Glue Stick', '胶棒', 390, 'A'], ['Scissors', '剪刀', 1290, 'A'],
    ],
    variants: [['single', '单个', 100], ['pack of 5', '五个装', 450]],
  },
];

/** Weighed goods: price per kg; scale labels carry the weight in an EAN-13 starting 21 (see config embeddedBarcodes). */
const WEIGHED: Base[] = [
  ['Apples', '苹果', 1290, 'B'], ['Bananas', '香蕉', 890, 'B'], ['Oranges', '橙子', 1090, 'B'], ['Grapes', '葡萄', 2590, 'B'],
  ['Tomatoes', '西红柿', 790, 'B'], ['Potatoes', '土豆', 490, 'B'], ['Carrots', '胡萝卜', 590, 'B'], ['Bok Choy', '小白菜', 690, 'B'],
  ['Pork Belly', '五花肉', 3890, 'B'], ['Chicken Breast', '鸡胸肉', 2990, 'B'], ['Beef Mince', '牛肉馅', 6890, 'B'], ['Salmon Fillet', '三文鱼', 12800, 'B'],
  ['Loose Green Tea', '散装绿茶', 29800, 'B'], ['Mixed Nuts', '什锦坚果', 8990, 'B'], ['Ginger', '生姜', 1290, 'B'], ['Garlic', '大蒜', 1590, 'B'],
];

/** Services at the reduced 6 % rate. */
const SERVICES: Base[] = [
  ['Gift Wrapping', '礼品包装', 500, 'C'], ['Delivery Fee', '配送费', 800, 'C'], ['Key Cutting', '配钥匙', 1500, 'C'], ['Photo Printing', '照片冲印', 200, 'C'],
];

function ean13(body12: string): string {
  return body12 + String(gtinCheckDigit(body12));
}

/** Scale label for a weighed item: 21 IIIII WWWWW C (weight in grams). */
export function weighedBarcode(itemCode: string, grams: number): string {
  return ean13(`21${itemCode}${String(grams).padStart(5, '0')}`);
}

export function demoProducts(): ProductWrite[] {
  const products: ProductWrite[] = [];
  let serial = 1;
  const nextEan = () => ean13(`690${String(1_000_000 + serial++).padStart(9, '0')}`);
  CATEGORIES.forEach((cat, ci) => {
    cat.items.forEach(([en, zh, price, tax], ii) => {
      cat.variants.forEach(([ven, vzh, pct], vi) => {
        const sku = `D${ci + 1}${String(ii + 1).padStart(2, '0')}${vi + 1}`;
        const barcodes = [nextEan()];
        // The first variant of every third item also carries a UPC-A (imported stock): several barcodes per product.
        if (vi === 0 && ii % 3 === 0) {
          const body11 = String(40_000_000_000 + serial);
          barcodes.push(body11 + String(gtinCheckDigit(`0${body11}`)));
        }
        products.push({
          productId: `demo-${sku}`,
          sku,
          name: `${en} ${ven}`,
          nameZh: `${zh} ${vzh}`,
          price: Number((BigInt(price) * BigInt(pct)) / 100n),
          taxCode: tax,
          category: cat.name,
          weighed: false,
          active: true,
          embeddedCode: null,
          barcodes,
        });
      });
    });
  });
  WEIGHED.forEach(([en, zh, price, tax], i) => {
    const itemCode = String(10_001 + i);
    products.push({
      productId: `demo-W${itemCode}`,
      sku: `W${itemCode}`,
      name: `${en} (per kg)`,
      nameZh: `${zh}（按公斤）`,
      price,
      taxCode: tax,
      category: 'Fresh 生鲜',
      weighed: true,
      active: true,
      embeddedCode: itemCode,
      barcodes: [],
    });
  });
  SERVICES.forEach(([en, zh, price, tax], i) => {
    products.push({
      productId: `demo-S${i + 1}`,
      sku: `S${i + 1}`,
      name: en,
      nameZh: zh,
      price,
      taxCode: tax,
      category: 'Services 服务',
      weighed: false,
      active: true,
      embeddedCode: null,
      barcodes: [nextEan()],
    });
  });
  return products;
}
