"""The complaint builder: the court's 要素式起诉状 as YAML forms, filled in by chat, delivered as .docx."""
