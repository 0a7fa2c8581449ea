//! Law names as citations write them, matched to the laws loaded.

/// The name a law is matched on: 《》 and blanks removed, full-width brackets folded, the usual
/// prefix 中华人民共和国 dropped, and a trailing note of the edition (（2019年修订）, (2021修正))
/// dropped. 《中华人民共和国行政处罚法》 and 行政处罚法 are one law; 浙江省城市市容和环境卫生管理条例
/// and 城市市容和环境卫生管理条例 are two.
pub fn law_key(name: &str) -> String {
    let mut s: String = name
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '《' | '》' | '〈' | '〉'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect();
    while s.ends_with(')') {
        let Some(open) = s.rfind('(') else { break };
        let note = &s[open..];
        if note.contains('修') || note.contains('年') || note.contains("试行") {
            s.truncate(open);
        } else {
            break;
        }
    }
    for prefix in ["中华人民共和国"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.to_string();
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise_to_one_key() {
        for (name, key) in [
            ("《中华人民共和国行政处罚法》", "行政处罚法"),
            ("中华人民共和国行政处罚法", "行政处罚法"),
            ("行政处罚法", "行政处罚法"),
            ("《城市道路管理条例（2019年修订）》", "城市道路管理条例"),
            ("城市道路管理条例(2019修正)", "城市道路管理条例"),
            ("浙江省城市市容和环境卫生管理条例", "浙江省城市市容和环境卫生管理条例"),
            ("《 广告法 》", "广告法"),
        ] {
            assert_eq!(law_key(name), key, "{name}");
        }
    }
}
