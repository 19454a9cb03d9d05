"""Validation rule that refuses __schema and __type (``__typename`` stays allowed)."""

from graphql import FieldNode, GraphQLError, ValidationRule


class NoIntrospection(ValidationRule):
    def enter_field(self, node: FieldNode, *_args):
        if node.name.value in ("__schema", "__type"):
            self.report_error(GraphQLError(
                f"本环境已关闭内省（introspection），不能查询 {node.name.value}；"
                "请使用仓库中的 graphql/schema.graphql",
                node, extensions={"code": "INTROSPECTION_DISABLED"},
            ))  # fmt: skip
