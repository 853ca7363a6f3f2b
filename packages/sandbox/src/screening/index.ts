export type { ChainalysisDouble } from './chainalysis-double.ts';
export { startChainalysisDouble } from './chainalysis-double.ts';
export type { ScreeningDouble, ScreeningDoubleOptions } from './screening-double.ts';
export type { TrmDouble, TrmRiskLevel } from './trm-double.ts';
export { startTrmDouble } from './trm-double.ts';
