"""LBVM, the machine of the article "Your own Virtual Machine" (the contract is LBVM.md;
the user guide docs/LBVM-GUIDE.md). Everything outside this package holds it through
``console.machines.base.Machine`` (``machine.Machine``)."""
