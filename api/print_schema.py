"""Print or check the GraphQL contract.

python -m api.print_schema              # print the schema
python -m api.print_schema --write      # write graphql/schema.graphql
python -m api.print_schema --check      # exit 1 if the file or an operation is out of date
python -m api.print_schema --operations # id and sha256 of every persisted operation (JSON)
"""

import json
import os
import sys


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings.dev")
    import django

    django.setup()
    from . import contract
    from .core import persisted

    if "--operations" in argv:
        print(json.dumps(persisted.manifest(), ensure_ascii=False, indent=2))
        return 0
    if "--write" in argv:
        contract.SCHEMA_FILE.write_text(contract.printed_schema(), encoding="utf-8")
        print(f"已写入 {contract.SCHEMA_FILE}")
        return 0
    if "--check" in argv:
        return check()
    sys.stdout.write(contract.printed_schema())
    return 0


def check() -> int:
    from . import contract

    status = 0
    if diff := contract.schema_diff():
        print("graphql/schema.graphql 已过期，请运行 python -m api.print_schema --write：\n" + diff)
        status = 1
    for name, errors in contract.operation_errors().items():
        print(f"graphql/operations/{name}：" + "；".join(errors))
        status = 1
    if status == 0:
        print("GraphQL 契约与代码一致")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
