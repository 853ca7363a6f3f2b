export type { AcceptedOffer } from './accepted-offer-fixture.ts';
export {
  contractEventsOf,
  insertAcceptedOffer,
  insertContractFixture,
} from './accepted-offer-fixture.ts';
