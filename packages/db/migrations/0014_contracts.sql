-- The first contract template. Templates never change (the table refuses UPDATE and DELETE): a new
-- wording is a new version, and every contract names the version its PDF was rendered from.
insert into marketplace.contract_templates (version, body) values ('1.0.0', $template$
1. Sale. The Seller sells, and the Buyer buys, the whole Roblox experience described in this contract, with every right the Seller holds in it, for the price stated above.

2. Escrow. The Buyer pays the price into Bloxtr8's escrow. Bloxtr8 holds the funds and releases them to the Seller only when the Buyer confirms delivery, when the delivery window passes without a dispute, or when a moderator decides a dispute in the Seller's favour.

3. Delivery. After the funds are held, the Seller transfers ownership of the experience (directly, or through the owning Roblox group) to the Buyer's linked Roblox account and marks the trade delivered.

4. Disputes. Either party may raise a dispute before release. A Bloxtr8 moderator reviews the evidence and either releases the funds to the Seller or refunds the Buyer. Both parties accept that decision.

5. Cancellation. If the Buyer does not fund the escrow in time, the trade is cancelled and nothing is owed. If this contract is not signed by both parties within 72 hours of its creation, it is void.

6. The game. The game snapshot above records the experience as it was verified when it was listed. The Seller warrants that they control the experience and that it is as described.

7. Signatures. Each party signs electronically, by typing I AGREE in Discord or through a single-use signing link. Bloxtr8 keeps, for each signature, the signer, the time, the IP address, the user agent, the method and the SHA-256 of this document.
$template$);
