"""Peak RSS of the material type check on a 408 KB zip bomb (issue #17 finding 7).

python bench/zip_bomb_rss.py make                  # var/bomb.docx: 400 MB of spaces
python bench/zip_bomb_rss.py learning/filetypes.py # or an older copy of the module
"""

import importlib.util
import io
import resource
import sys
import zipfile

MANIFEST = (
    b'<Types><Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def make(path: str = "var/bomb.docx") -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("[Content_Types].xml", "w", force_zip64=True) as entry:
            entry.write(MANIFEST)
            for _n in range(400):
                entry.write(b" " * 1048576)
        archive.writestr("word/document.xml", "<xml/>")
    with open(path, "wb") as out:
        out.write(buffer.getvalue())
    print(len(buffer.getvalue()), "bytes")


def measure(module_path: str) -> None:
    spec = importlib.util.spec_from_file_location("filetypes", module_path)
    filetypes = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(filetypes)
    with open("var/bomb.docx", "rb") as bomb:
        data = bomb.read()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        result = filetypes.detect(io.BytesIO(data))
    except ValueError as error:
        result = repr(error)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{module_path}: {result}; peak RSS {before / 1024:.0f} MB -> {after / 1024:.0f} MB")


if __name__ == "__main__":
    make() if sys.argv[1] == "make" else measure(sys.argv[1])
