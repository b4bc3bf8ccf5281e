/** Regions with their share of customers. */
export const REGIONS = {
  'North America': 0.34,
  Europe: 0.3,
  'Asia Pacific': 0.22,
  'Latin America': 0.09,
  'Middle East & Africa': 0.05,
};

/** Sales channels with their share of orders. */
export const CHANNELS = { web: 0.52, mobile_app: 0.33, marketplace: 0.1, phone: 0.03, in_store: 0.02 };

/** Order statuses in lifecycle order. */
export const ORDER_STATUSES = [
  'pending',
  'paid',
  'processing',
  'shipped',
  'delivered',
  'cancelled',
  'returned',
] as const;

/**
 * Status mix by order age at the end of the batch window: young orders are still pending,
 * old ones delivered (some cancelled or returned). Weights per ORDER_STATUSES entry.
 */
export const STATUS_BY_AGE: readonly { maxAgeMs: number; weights: number[] }[] = [
  { maxAgeMs: 30 * 60_000, weights: [0.55, 0.4, 0.03, 0, 0, 0.02, 0] },
  { maxAgeMs: 6 * 3_600_000, weights: [0.08, 0.5, 0.35, 0.02, 0, 0.05, 0] },
  { maxAgeMs: 3 * 86_400_000, weights: [0.01, 0.05, 0.14, 0.55, 0.2, 0.05, 0] },
  { maxAgeMs: Number.POSITIVE_INFINITY, weights: [0, 0, 0.01, 0.04, 0.83, 0.06, 0.06] },
];

/** Product categories: share of the catalog, price range in whole currency units, name parts. */
export const CATEGORIES: readonly {
  name: string;
  share: number;
  minPrice: number;
  maxPrice: number;
  nouns: string[];
}[] = [
  {
    name: 'Electronics',
    share: 0.14,
    minPrice: 15,
    maxPrice: 1800,
    nouns: ['Headphones', 'Speaker', 'Monitor', 'Keyboard', 'Smartwatch', 'Tablet', 'Charger', 'Camera'],
  },
  {
    name: 'Home & Kitchen',
    share: 0.14,
    minPrice: 8,
    maxPrice: 450,
    nouns: ['Blender', 'Kettle', 'Pan Set', 'Knife Block', 'Lamp', 'Duvet', 'Coffee Maker', 'Vase'],
  },
  {
    name: 'Apparel',
    share: 0.16,
    minPrice: 9,
    maxPrice: 260,
    nouns: ['T-Shirt', 'Jacket', 'Sneakers', 'Jeans', 'Hoodie', 'Dress', 'Scarf', 'Boots'],
  },
  {
    name: 'Beauty',
    share: 0.08,
    minPrice: 4,
    maxPrice: 120,
    nouns: ['Serum', 'Moisturizer', 'Shampoo', 'Perfume', 'Lipstick', 'Face Mask'],
  },
  {
    name: 'Sports & Outdoors',
    share: 0.09,
    minPrice: 6,
    maxPrice: 900,
    nouns: ['Yoga Mat', 'Tent', 'Bike Helmet', 'Dumbbells', 'Backpack', 'Running Belt'],
  },
  {
    name: 'Books',
    share: 0.1,
    minPrice: 5,
    maxPrice: 60,
    nouns: ['Novel', 'Cookbook', 'Travel Guide', 'Biography', 'Atlas', 'Notebook'],
  },
  {
    name: 'Toys & Games',
    share: 0.08,
    minPrice: 5,
    maxPrice: 180,
    nouns: ['Puzzle', 'Board Game', 'Building Set', 'Plush Toy', 'Drone', 'Card Game'],
  },
  {
    name: 'Grocery',
    share: 0.09,
    minPrice: 2,
    maxPrice: 45,
    nouns: ['Coffee Beans', 'Olive Oil', 'Green Tea', 'Granola', 'Dark Chocolate', 'Pasta'],
  },
  {
    name: 'Garden',
    share: 0.06,
    minPrice: 4,
    maxPrice: 700,
    nouns: ['Planter', 'Hose', 'Pruner', 'Lawn Mower', 'Seed Kit', 'Bird Feeder'],
  },
  {
    name: 'Automotive',
    share: 0.06,
    minPrice: 6,
    maxPrice: 500,
    nouns: ['Dash Cam', 'Floor Mats', 'Car Vacuum', 'Jump Starter', 'Seat Cover'],
  },
];

export const PRODUCT_ADJECTIVES = [
  'Classic',
  'Premium',
  'Eco',
  'Smart',
  'Compact',
  'Pro',
  'Ultra',
  'Everyday',
  'Deluxe',
  'Travel',
  'Vintage',
  'Modern',
  'Essential',
  'Organic',
  'Wireless',
  'Heavy-Duty',
  'Lightweight',
  'Signature',
];

/** Items per order (index + 1) with their probabilities. */
export const ITEMS_PER_ORDER = [0.42, 0.27, 0.14, 0.09, 0.05, 0.03];

/** Quantity per line (index + 1). */
export const QUANTITY = [0.74, 0.17, 0.05, 0.02, 0.02];
