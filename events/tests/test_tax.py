"""The tax withheld from a speaker's honorarium, one test per rule, figures written out.

Sources: PP 80/2010 (PPh 21 final on honorarium from the APBN/APBD: golongan I-II 0 %,
III 5 %, IV and state officials 15 %); PMK 168/2023 (a non-employee's PPh 21: the
Pasal 17 rates on 50 % of the gross); UU PPh Pasal 17 ayat (1) huruf a as amended by
UU 7/2021 (5 % to Rp60 juta, 15 % to 250 juta, 25 % to 500 juta, 30 % to 5 miliar,
35 % above); UU PPh Pasal 21 ayat (5a) (20 % higher without an NPWP).
"""

from decimal import Decimal

import pytest

from events.tax import pasal_17, rule_for, tax_for, tax_formula

GROSS = Decimal(2_700_000)  # 3 hours at Rp900.000 (PMK 49/2023, Eselon III and below)


@pytest.mark.parametrize(
    ("grade", "tax"),
    [
        ("I", Decimal(0)),  # PP 80/2010: golongan I, 0 %
        ("II", Decimal(0)),  # golongan II, 0 %
        ("III", Decimal(135_000)),  # golongan III, 5 % of 2.700.000
        ("IV", Decimal(405_000)),  # golongan IV, 15 % of 2.700.000
    ],
)
def test_a_civil_servant_pays_the_final_rate_of_the_golongan(grade, tax):
    rule = rule_for(tax_status="asn", grade=grade)
    assert rule.kind == "final"
    assert tax_for(rule, GROSS) == tax


def test_a_state_official_pays_15_percent_final():
    # PP 80/2010: pejabat negara as golongan IV, 15 % of 2.700.000
    assert tax_for(rule_for(tax_status="state_official"), GROSS) == Decimal(405_000)


def test_a_non_civil_servant_with_an_npwp_pays_pasal_17_on_half_the_gross():
    # PMK 168/2023: 50 % x 2.700.000 = 1.350.000, at 5 % (first bracket) = 67.500
    rule = rule_for(tax_status="non_asn", has_npwp=True)
    assert tax_for(rule, GROSS) == Decimal(67_500)
    assert rule.rate == Decimal("2.5")


def test_a_non_civil_servant_without_an_npwp_pays_20_percent_more():
    # UU PPh Pasal 21 ayat (5a): 67.500 x 120 % = 81.000
    rule = rule_for(tax_status="non_asn", has_npwp=False)
    assert tax_for(rule, GROSS) == Decimal(81_000)
    assert "tanpa NPWP" in rule.label


def test_pasal_17_goes_bracket_by_bracket():
    # 300 juta: 60 juta x 5 % + 190 juta x 15 % + 50 juta x 25 % = 3 + 28,5 + 12,5 juta
    assert pasal_17(Decimal(300_000_000)) == Decimal(44_000_000)
    # A gross of 130 juta: base 65 juta: 60 juta x 5 % + 5 juta x 15 % = 3.750.000
    assert tax_for(rule_for(tax_status="non_asn"), Decimal(130_000_000)) == Decimal(3_750_000)


def test_a_tax_is_rounded_half_up_to_the_rupiah():
    # 5 % of 1.650.010 = 82.500,5 -> 82.501
    assert tax_for(rule_for(tax_status="asn", grade="III"), Decimal(1_650_010)) == Decimal(82_501)


@pytest.mark.parametrize(
    "profile",
    [
        {"tax_status": "asn", "grade": "III"},
        {"tax_status": "state_official"},
        {"tax_status": "non_asn", "has_npwp": True},
        {"tax_status": "non_asn", "has_npwp": False},
    ],
)
@pytest.mark.parametrize("gross", [Decimal(900_000), Decimal(2_700_000), Decimal(130_000_000)])
def test_the_spreadsheet_formula_computes_what_the_rule_computes(profile, gross):
    rule = rule_for(**profile)
    formula = tax_formula(rule, gross_cell="G9").lstrip("=")
    # Evaluated as a spreadsheet would, with the gross in G9.
    python = formula.replace("G9", str(gross)).replace("ROUND(", "round(")
    python = python.replace("MIN(", "min(").replace("MAX(", "max(")
    assert Decimal(round(eval(python))) == tax_for(rule, gross)
