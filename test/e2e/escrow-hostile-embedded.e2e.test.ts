import { describeHostileEscrowCases } from './escrow-hostile-suite.ts';

describeHostileEscrowCases('embedded', () => ({}));
