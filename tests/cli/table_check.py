"""table_check.py: reads a page's table and its downloads back, for
tests/cli/test_table_exports.sh. Each command prints what disagrees and
exits 1, or exits 0.

  page-vs-csv PAGE CAPTION CSV        the CSV (ours: BOM, CRLF) has the page's rows
  page-vs-xlsx PAGE CAPTION XLSX      the workbook (openpyxl) has them, typed
  page-vs-lo PAGE CAPTION LOCSV       LibreOffice's CSV of the workbook has them
  cell CSV ROW COLUMN                 prints one cell (row 0: the headings)
"""
import csv
import datetime
import html.parser
import io
import sys


class Tables(html.parser.HTMLParser):
    """Every table of a page: its caption and its rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self.cell, self.in_caption = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "caption":
            self.in_caption = True
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th") and self.tables:
            self.cell = ""
        elif tag == "br" and self.cell is not None:
            self.cell += " "

    def handle_endtag(self, tag):
        if tag == "caption":
            self.in_caption = False
        elif tag in ("td", "th") and self.cell is not None:
            self.tables[-1]["rows"][-1].append(" ".join(self.cell.split()))
            self.cell = None

    def handle_data(self, data):
        if self.in_caption:
            self.tables[-1]["caption"] += data
        elif self.cell is not None:
            self.cell += data


def page_table(path, caption):
    p = Tables()
    p.feed(open(path, encoding="utf-8").read())
    for t in p.tables:
        if t["caption"].strip() == caption:
            return t["rows"][0], t["rows"][1:]
    sys.exit(f"no table {caption!r} on the page")


def page_date(d):
    return f"{d.day} {d.strftime('%B %Y')}"


def as_page(v):
    """A file's value as the page writes it."""
    if isinstance(v, datetime.datetime):
        return page_date(v)
    if isinstance(v, str):
        try:
            return page_date(datetime.date.fromisoformat(v))
        except ValueError:
            return v
    return v


def compare(heads, rows, fheads, frows, convert):
    bad = []
    if len(frows) != len(rows):
        bad.append(f"{len(frows)} rows in the file, {len(rows)} on the page")
    for c, h in enumerate(heads):
        if h not in fheads:
            bad.append(f"no column {h!r} in the file")
            continue
        fc = fheads.index(h)
        for r, (row, frow) in enumerate(zip(rows, frows)):
            want = row[c]
            # The page adds "held on ..., record not sent" under the last
            # supervision; the file has it as a column of its own.
            if " held on " in want:
                want = want.split(" held on ")[0]
            got = convert(frow[fc])
            if got != want:
                bad.append(f"row {r + 1} {h!r}: file {got!r}, page {want!r}")
    for b in bad[:20]:
        print(b)
    return 1 if bad else 0


def read_csv(path, ours):
    data = open(path, "rb").read()
    if ours:
        if not data.startswith(b"\xef\xbb\xbf"):
            sys.exit("no byte-order mark")
        body = data[3:]
        lines = body.split(b"\r\n")
        if lines[-1] != b"":
            sys.exit("the last line does not end with CRLF")
        data = body
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    return rows[0], rows[1:]


def unrisk(v):
    # Text the writer neutralised has its quote mark first.
    return v[1:] if v[:2] in ("'=", "'+", "'-", "'@") else v


def main():
    cmd = sys.argv[1]
    if cmd == "page-vs-csv":
        heads, rows = page_table(sys.argv[2], sys.argv[3])
        fheads, frows = read_csv(sys.argv[4], True)
        return compare(heads, rows, fheads, frows, lambda v: as_page(unrisk(v)))
    if cmd == "page-vs-lo":
        heads, rows = page_table(sys.argv[2], sys.argv[3])
        fheads, frows = read_csv(sys.argv[4], False)
        return compare(heads, rows, fheads, frows, lambda v: v)
    if cmd == "page-vs-xlsx":
        import openpyxl

        heads, rows = page_table(sys.argv[2], sys.argv[3])
        wb = openpyxl.load_workbook(sys.argv[4])
        ws = wb.worksheets[0]
        bad = []
        if ws.freeze_panes != "A2":
            bad.append(f"frozen at {ws.freeze_panes}, not below the headings")
        cells = list(ws.iter_rows())
        for c in cells[0]:
            if not c.font.b:
                bad.append(f"heading {c.value!r} is not bold")
        for row in cells[1:]:
            for c in row:
                if c.data_type == "f":
                    bad.append(f"{c.coordinate} is a formula: {c.value!r}")
                if c.is_date and c.number_format != "d mmmm yyyy":
                    bad.append(f"{c.coordinate} a date shown as {c.number_format}")
        for col, h in enumerate(heads):
            dim = ws.column_dimensions[openpyxl.utils.get_column_letter(col + 1)]
            if not dim.width or dim.width < 10:
                bad.append(f"column {h!r} is {dim.width} wide")
        for b in bad:
            print(b)
        fheads = [c.value for c in cells[0]]

        def value(c):
            v = c.value
            if v is None:
                return ""
            if c.data_type == "n" and c.number_format == "0%":
                return f"{round(v * 100)}%"
            if c.data_type == "n" and not c.is_date:
                return str(int(v))
            return as_page(v)

        frows = [list(row) for row in cells[1:]]
        return compare(heads, rows, fheads, frows, value) or (1 if bad else 0)
    if cmd == "cell":
        fheads, frows = read_csv(sys.argv[2], False)
        r, c = int(sys.argv[3]), int(sys.argv[4])
        print((fheads if r == 0 else frows[r - 1])[c])
        return 0
    if cmd == "types":
        import openpyxl

        ws = openpyxl.load_workbook(sys.argv[2]).worksheets[0]
        for c in next(ws.iter_rows(min_row=int(sys.argv[3]), max_row=int(sys.argv[3]))):
            print(f"{c.data_type}:{c.number_format}:{c.value!r}")
        return 0
    sys.exit(f"unknown command {cmd}")


sys.exit(main())
