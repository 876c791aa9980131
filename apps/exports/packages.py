"""Opening an Office package (.docx, .xlsx: a zip of XML parts) from an upload
without trusting it: too many parts, too much unpacked data or a part that
unpacks hundreds of times its size (a zip bomb) is refused before anything is
unpacked, and so is any XML part that declares a DTD or entities. The readers of
Word drafts and spreadsheets both open their files here."""

import io
import zipfile

from django.utils.translation import gettext as _

MAX_PARTS = 2_000
MAX_RATIO = 200  # unpacked / packed, per part above 1 MB


class PackageError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def open_package(data: bytes, *, max_unpacked: int) -> tuple[zipfile.ZipFile, set[str]]:
    """The package and the names of its parts, or PackageError saying why not."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        infos = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise PackageError(_("文件已损坏，无法打开。")) from exc
    if (
        len(infos) > MAX_PARTS
        or sum(i.file_size for i in infos) > max_unpacked
        or any(
            i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1)
            for i in infos
        )
    ):
        raise PackageError(_("文件解压后异常庞大（可能是压缩炸弹），已拒绝。"))
    return package, {info.filename for info in infos}


def refuse_declarations(package: zipfile.ZipFile) -> None:
    """No XML part may declare a DTD or entities (entity expansion, external
    references): the parsers would not need them, an attack would."""
    for info in package.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue
        with package.open(info) as part:
            start = part.read(2048)
        if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
            raise PackageError(_("文件中含有不允许的 XML 声明（DTD/实体），已拒绝。"))
