"""The income tax withheld from a speaker's honorarium, by the recipient's profile.

Each rule names its source. Money is `Decimal` in whole rupiah; a tax is rounded
half up to the rupiah, as the lists print it (reports/documents/spj.py).

- A civil servant (ASN: PNS, TNI, Polri) or a state official paid an honorarium
  from the APBN/APBD: PPh 21 final on the gross, 0 % for golongan I and II, 5 %
  for golongan III, 15 % for golongan IV and state officials (PP 80/2010 on PPh 21
  final on honorarium from the APBN/APBD; PMK 168/2023 leaves it in force).
- Anyone else ("bukan pegawai"): PPh 21 at the rates of UU PPh Pasal 17 ayat (1)
  huruf a (as amended by UU 7/2021 HPP) on a base of 50 % of the gross
  (PMK 168/2023, penghasilan bukan pegawai), so 2.5 % of the gross within the
  first bracket; 20 % higher without an NPWP, or a NIK registered as one (UU PPh
  Pasal 21 ayat (5a)).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .numbers import number_id

HUNDRED = Decimal(100)
# PP 80/2010: the final rate by golongan; state officials as golongan IV.
ASN_FINAL_RATES = {"I": Decimal(0), "II": Decimal(0), "III": Decimal(5), "IV": Decimal(15)}
STATE_OFFICIAL_RATE = Decimal(15)
# UU PPh Pasal 17 ayat (1) huruf a (UU 7/2021 HPP): (upper bound of the bracket, rate %).
PASAL_17_BRACKETS = (
    (Decimal(60_000_000), Decimal(5)),
    (Decimal(250_000_000), Decimal(15)),
    (Decimal(500_000_000), Decimal(25)),
    (Decimal(5_000_000_000), Decimal(30)),
    (None, Decimal(35)),
)
# PMK 168/2023: a non-employee's base is 50 % of the gross.
NON_EMPLOYEE_BASE = Decimal("0.5")
# UU PPh Pasal 21 ayat (5a): 20 % higher without an NPWP.
NO_NPWP_FACTOR = Decimal("1.2")


@dataclass(frozen=True)
class TaxRule:
    kind: str  # "final" (a flat rate on the gross) or "pasal17" (progressive on 50 %)
    rate: Decimal  # the flat rate, or the first bracket's effective rate on the gross
    label: str  # as the list prints it, e.g. "PPh 21 final 5%" (Indonesian)
    no_npwp: bool = False


def rule_for(*, tax_status: str, grade: str = "", has_npwp: bool = True) -> TaxRule:
    """The rule for a profile (`Speaker.TaxStatus` values)."""
    if tax_status == "asn":
        rate = ASN_FINAL_RATES[grade]
        return TaxRule("final", rate, f"ASN gol. {grade}: final {_pct(rate)}%")
    if tax_status == "state_official":
        return TaxRule(
            "final", STATE_OFFICIAL_RATE, f"Pejabat negara: final {_pct(STATE_OFFICIAL_RATE)}%"
        )
    rate = PASAL_17_BRACKETS[0][1] * NON_EMPLOYEE_BASE * (1 if has_npwp else NO_NPWP_FACTOR)
    # The rate shown is the first bracket's, on the gross: what nearly every honorarium pays.
    if has_npwp:
        label = f"Non-ASN: {_pct(rate)}% (50% x tarif Ps. 17)"
    else:
        label = f"Non-ASN tanpa NPWP: {_pct(rate)}% (50% x tarif Ps. 17 x 120%)"
    return TaxRule("pasal17", rate, label, no_npwp=not has_npwp)


def pasal_17(taxable: Decimal) -> Decimal:
    """UU PPh Pasal 17 ayat (1) huruf a on `taxable`, bracket by bracket (unrounded)."""
    tax, lower = Decimal(0), Decimal(0)
    for upper, rate in PASAL_17_BRACKETS:
        top = taxable if upper is None else min(taxable, upper)
        if top > lower:
            tax += (top - lower) * rate / HUNDRED
        if upper is None or taxable <= upper:
            break
        lower = upper
    return tax


def tax_for(rule: TaxRule, gross: Decimal) -> Decimal:
    """The tax withheld from `gross` under `rule`, to the rupiah (half up)."""
    if rule.kind == "final":
        tax = Decimal(gross) * rule.rate / HUNDRED
    else:
        tax = pasal_17(Decimal(gross) * NON_EMPLOYEE_BASE)
        if rule.no_npwp:
            tax *= NO_NPWP_FACTOR
    return tax.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _pct(rate: Decimal) -> str:
    return number_id(Decimal(rate).normalize(), places=None)


def tax_formula(rule: TaxRule, *, gross_cell: str) -> str:
    """The same rule as a spreadsheet formula on the cell holding the gross, so a
    corrected gross corrects its tax: what `tax_for` computes, to the rupiah."""
    if rule.kind == "final":
        return f"=ROUND({gross_cell}*{_number(rule.rate)}/100,0)"
    base = f"{gross_cell}*{_number(NON_EMPLOYEE_BASE)}"
    parts, lower = [], Decimal(0)
    for upper, rate in PASAL_17_BRACKETS:
        top = base if upper is None else f"MIN({base},{_number(upper)})"
        slice_ = top if not lower else f"MAX(0,{top}-{_number(lower)})"
        parts.append(f"{slice_}*{_number(rate)}/100")
        lower = upper or lower
    factor = f"*{_number(NO_NPWP_FACTOR)}" if rule.no_npwp else ""
    return f"=ROUND(({'+'.join(parts)}){factor},0)"


def _number(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"
