// The pure domain layer's public face: money, tax, cart, tenders, returns, barcodes, errors and messages.
// Pure: re-exports core/ only; nothing here may import Node, I/O or any other folder of ours.
export * from './errors';
export * from './money';
export * from './messages';
export * from './tax';
export * from './cart';
export * from './barcode';
export * from './tender';
export * from './returns';
