import { encodeCustomId, modal, viewEscrowButton } from '@bloxtr8/discord-kit';
import type { ComponentModule } from '../handler-modules.ts';
import { deferReply, showModal } from '../interaction-context.ts';
import { note, whenOk } from '../replies.ts';

/** "Sign: I AGREE": the person types I AGREE themselves (quick sign, SPEC §3.5). */
export const contractSign: ComponentModule<'contract:sign'> = {
  kind: 'contract:sign',
  click: (_context, { args }) =>
    showModal(
      modal(encodeCustomId('contract:sign', args), 'Sign the contract', [
        { id: 'confirm', label: 'Type I AGREE to sign', placeholder: 'I AGREE', maxLength: 20 },
      ]),
    ),
  submit: (context, { args }, fields) =>
    deferReply(() =>
      whenOk(context.api.signContract(args.contractId, fields('confirm')), (signed) => {
        const escrowId = signed.contract.escrowId;
        if (!signed.executed || escrowId === null) {
          return note('✍️ Signed. Waiting for the other party’s signature.');
        }
        return note('✍️ Signed by both: the contract is executed and the escrow opens.', {
          rows: viewEscrowButton(escrowId),
        });
      }),
    ),
};
