"""An import-linter contract for a module of an external package, such as PySide6.QtNetwork.

import-linter sees an external package only as a whole ("PySide6"), so its `forbidden`
contract cannot tell QtNetwork from QtWidgets. This contract reads the lines of the direct
imports of the package instead: any line naming the forbidden module, outside the modules
allowed to, breaks it. (Only the first line of a multi-line import is recorded, so the
module must be named on it, as ``from PySide6.QtNetwork import ...`` does.)
"""

from __future__ import annotations

import re

from grimp import ImportGraph
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


class ForbiddenExternalModuleContract(Contract):
    """No module but ``allowed_importers`` imports ``forbidden_module`` (e.g. PySide6.QtNetwork)."""

    type_name = "forbidden_external_module"

    forbidden_module = fields.StringField()
    allowed_importers = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        """Kept when every import line naming the module comes from an allowed importer."""
        forbidden = str(self.forbidden_module)
        package, _, name = forbidden.partition(".")
        allowed = set(self.allowed_importers or [])
        naming = re.compile(rf"\b{re.escape(package)}\b.*\b{re.escape(name)}\b")
        broken = []
        for importer in sorted(graph.find_modules_that_directly_import(package)):
            if importer in allowed:
                continue
            for detail in graph.get_import_details(importer=importer, imported=package):
                if naming.search(detail["line_contents"]):
                    broken.append(
                        {
                            "importer": importer,
                            "line_number": detail["line_number"],
                            "line_contents": detail["line_contents"],
                        }
                    )
        return ContractCheck(kept=not broken, metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        """Name each import that breaks the contract, with its line."""
        for item in check.metadata["broken"]:
            output.print_error(
                f"{item['importer']} imports {self.forbidden_module} "
                f"(l.{item['line_number']}: {item['line_contents']})"
            )
            output.new_line()
