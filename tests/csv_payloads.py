"""Formula starts behind a character a spreadsheet may cut a cell at, when it splits a file on a
separator other than the one it was written with (Dutch Excel opens a `,` file on `;`).

Shared by the unit tests of the CSV writers and the LibreOffice test, so both attack with
the same cells.
"""

CROSS_SEPARATOR_PAYLOADS = (
    ";=after separator",
    "=1+1;=2+2",  # 2, and 4 once cut at ;
    "a,=1",
    "x|=1",
    "a\t=1",
    '"=1',
    "a\n=1",
    "a\r\n+1",
    "n;-2+3",
    "x,@SUM(1)",
    "a;＝1",
    "a;'=1",
)
