/**
 * The part of I4 the WASM walk hands back: for each link it passed, every
 * constraint set of the child must attenuate its parent's (reference-map
 * §4.1 type rules). The rules themselves are the single implementation in
 * src/constraints/attenuation.ts, shared with `attenuate()`; approval gates
 * must persist (src/approval/gates.ts).
 */
import { checkConstraintSetAttenuation } from '../constraints/attenuation.js';
import { TenuoError } from '../errors.js';
import type { Warrant } from '../warrant/warrant.js';
import { APPROVAL_GATES_EXTENSION_KEY, checkGateMonotonicity, parseApprovalGates } from '../approval/gates.js';

export function checkLinkConstraints(parent: Warrant, child: Warrant, index: number): void {
  try {
    checkSets(parent, child);
    // Approval gates persist down the chain (reference-map §5.5); an issuer child keeps no tools.
    const parentGates = parseApprovalGates(parent.extensions.get(APPROVAL_GATES_EXTENSION_KEY));
    if (parentGates) {
      const childGates = parseApprovalGates(child.extensions.get(APPROVAL_GATES_EXTENSION_KEY));
      checkGateMonotonicity(parentGates, childGates, child.type === 'issuer' ? [] : child.tools);
    }
  } catch (e) {
    if (e instanceof TenuoError) throw new TenuoError(e.code, `link ${index}: ${e.message}`, { ...e.details, index });
    throw e;
  }
}

function checkSets(parent: Warrant, child: Warrant): void {
  {
    if (parent.type === 'execution') {
      for (const [tool, set] of child.tools) {
        const parentSet = parent.tools.get(tool) ?? parent.tools.get('*');
        if (parentSet) checkConstraintSetAttenuation(parentSet, set, `tool "${tool}"`);
      }
      return;
    }
    const bounds = parent.constraintBounds;
    if (!bounds) return;
    if (child.type === 'issuer') {
      if (child.constraintBounds) checkConstraintSetAttenuation(bounds, child.constraintBounds, 'constraint_bounds');
      return;
    }
    for (const [tool, set] of child.tools) checkConstraintSetAttenuation(bounds, set, `tool "${tool}" against constraint_bounds`);
  }
}
