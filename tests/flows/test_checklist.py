import pytest

from tests.recording import RecordingChannel


@pytest.mark.parametrize(("kind", "special"), [
    ("离婚", "结婚证"), ("借钱欠款", "借条"), ("劳动工资", "劳动仲裁"), ("交通事故", "交通事故认定书"), ("其他", "合同"),
])
def test_tailored_checklist_with_green_channel_items_and_a_file(chat: RecordingChannel, kind: str,
                                                                special: str) -> None:
    chat.send("/checklist")
    chat.read("是什么案子")
    chat.press(kind)
    checklist = chat.read(f"起诉材料清单（{kind}）").text
    assert special in checklist
    assert "残疾人证" in checklist and "手语翻译" in checklist and "副本" in checklist
    chat.read("存成文件")
    chat.press("文字文件")
    reply = chat.read("可以保存或打印")
    assert reply.document is not None and reply.document.file_name == "材料清单.txt"
    assert reply.document.content.decode("utf-8") == checklist


def test_checklist_from_a_filing_answer_button(real_chat: RecordingChannel) -> None:
    real_chat.send("起诉要准备什么材料")
    real_chat.read_all()
    real_chat.press("材料清单")
    real_chat.read("是什么案子")


def test_labour_checklist_names_the_work_injury_step(chat: RecordingChannel) -> None:
    chat.send("/checklist")
    chat.read("是什么案子")
    chat.press("劳动工资")
    text = chat.read("起诉材料清单").text
    assert "工伤认定" in text and "1年内" in text and "人社局" in text and "《工伤保险条例》第17条" in text
    chat.read("存成文件")
