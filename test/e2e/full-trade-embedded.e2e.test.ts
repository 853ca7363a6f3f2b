import { describeFullTrade } from './full-trade-suite.ts';

describeFullTrade('embedded log', () => ({}));
