-- Browsing listings newest first (GET /api/listings): one ordered range per status, so a page
-- costs the same whatever page it is.
create index listings_browse on marketplace.listings (status, created_at desc, id desc);

-- A listing's offers newest first, for its seller (GET /api/listings/:id/offers).
create index offers_listing_newest on marketplace.offers (listing_id, created_at desc, id desc);

-- A buyer has one open negotiation per listing; making an offer looks for it.
create index offers_open_by_buyer on marketplace.offers (listing_id, buyer_id)
  where status = 'PENDING';

-- The sweeper deletes drafts nobody can read any more.
create index offer_drafts_expiry on marketplace.offer_drafts (expires_at);
