"""Seed 001 appendix 2 (Walsall Safeguarding Partnership, 2022-23), copied from the
published table, as the import files would give it. The agencies are Northbridge's,
standing in for the seed's (which the demo does not have); the amounts are the seed's."""

from __future__ import annotations

YEAR = "2019-20"  # a year the demo holds no money for

BUDGET = f"""year,section,line,budget,actual
{YEAR},staffing,Employees (permanent),"213,123","121,626"
{YEAR},staffing,Agency & Consultants,0,"147,340"
{YEAR},non_staffing,"Professional Services (Chair costs, consultancy etc.)","68,200","50,065"
{YEAR},non_staffing,CSPR / SAR & Other scrutiny work,"25,036","21,719"
{YEAR},non_staffing,Development activities,"10,000","5,794"
{YEAR},non_staffing,"Other service costs (website, memberships etc.)","28,785","29,723"
{YEAR},income,Contributions from partners,"122,094","142,651"
{YEAR},income,Other income,,"10,400"
"""

CONTRIBUTIONS = f"""year,agency,amount
{YEAR},Mercia Vale Police,"33,651"
{YEAR},Mercia Vale Integrated Care Board,"97,500"
{YEAR},Mercia Vale Probation Service,"1,500"
{YEAR},Northbridge Borough Council,"239,446"
"""
