import { describeEscrowLifecycles } from './escrow-lifecycle-suite.ts';

describeEscrowLifecycles('embedded', () => ({}));
