//! The key table: which key does what, where. It is data, so the `?` help is generated from the
//! same rows that drive the dispatch and the two can never disagree.
//!
//! Lookup goes from the most specific context to the least: the open overlay or the focused pane,
//! then [`Context::Browse`] (single-letter commands, only while no text field has the keyboard,
//! so typing `q` into the search never quits), then [`Context::Global`].

use super::app::Action;
pub use super::keymap::{action_name, parse_key, KeyMap};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Everywhere, even while typing.
    Global,
    /// Anywhere the keyboard is not in a text field.
    Browse,
    /// The catalog search field.
    Input,
    /// The catalog result list.
    List,
    /// The catalog detail pane.
    Detail,
    /// The catalog versions list.
    Versions,
    /// The help overlay.
    Help,
    /// A form: the login, the first admin, the import questions.
    Form,
    /// The admin tab, outside its forms.
    Admin,
    /// A validation report being read.
    Report,
    /// "Quit anyway?"
    ConfirmQuit,
    /// A work list (cases).
    Work,
    /// A case's documents (执法文书).
    Documents,
    /// The 统计 tab.
    Stats,
    /// A cited article (法条) over the screen.
    Article,
}

impl Context {
    pub fn title(self) -> (&'static str, &'static str) {
        match self {
            Context::Global => ("任何时候", "Anywhere"),
            Context::Browse => ("不在输入框时", "Outside text fields"),
            Context::Input => ("检索框", "Search field"),
            Context::List => ("结果列表", "Result list"),
            Context::Detail => ("事项详情", "Item detail"),
            Context::Versions => ("目录版本", "Catalog versions"),
            Context::Help => ("帮助", "Help"),
            Context::Form => ("表单（登录、导入、办理）", "Forms (login, import, work)"),
            Context::Admin => ("目录管理", "Catalog administration"),
            Context::Report => ("报告与差异（滚动）", "Reports and differences (scrolling)"),
            Context::ConfirmQuit => ("确认退出", "Confirm quit"),
            Context::Work => ("工作清单", "Work list"),
            Context::Documents => ("执法文书", "Documents"),
            Context::Stats => ("统计", "Figures"),
            Context::Article => ("法条全文", "Article text"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A key with no Ctrl/Alt (Shift allowed, so `G` works).
    Plain(KeyCode),
    Ctrl(char),
    /// Any printable character: text typed into a field.
    Text,
}

pub struct Binding {
    pub context: Context,
    /// Synonyms: each of these keys does `action`.
    pub keys: &'static [Key],
    pub action: Action,
    /// The other half of a pair shown on the same help row (← / →, g / G).
    pub paired: Option<(Key, Action)>,
    pub zh: &'static str,
    pub en: &'static str,
}

use Context as C;
use Key::{Ctrl, Plain, Text};
use KeyCode as K;

const fn b(
    context: Context,
    keys: &'static [Key],
    action: Action,
    zh: &'static str,
    en: &'static str,
) -> Binding {
    Binding { context, keys, action, paired: None, zh, en }
}

/// Two keys doing opposite things (← / →, g / G), described on one help row.
const fn pair(
    context: Context,
    first: &'static [Key],
    first_action: Action,
    second: Key,
    second_action: Action,
    zh: &'static str,
    en: &'static str,
) -> Binding {
    Binding {
        context,
        keys: first,
        action: first_action,
        paired: Some((second, second_action)),
        zh,
        en,
    }
}

/// Every binding, one per row (kept unformatted so the table reads as a table). The `Text`
/// row's action is a stand-in: the typed character replaces it.
#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    b(C::Global, &[Ctrl('c')], Action::Quit, "退出", "quit"),
    b(C::Global, &[Ctrl('l')], Action::Lock, "锁定终端（交给他人使用）", "lock the terminal (hand it over)"),
    b(C::Global, &[Plain(K::F(1))], Action::ToggleHelp, "帮助（本页）", "help (this page)"),
    b(C::Global, &[Plain(K::F(2))], Action::CycleType, "切换职权类型筛选", "cycle power type filter"),
    b(C::Global, &[Plain(K::F(3))], Action::CycleDomain, "切换执法领域筛选", "cycle domain filter"),
    b(C::Global, &[Plain(K::F(4))], Action::OpenVersions, "目录版本", "catalog versions"),
    b(C::Global, &[Plain(K::F(5))], Action::CycleDepartment, "切换原实施部门筛选", "cycle department filter"),
    b(C::Global, &[Plain(K::F(7))], Action::OpenLawSearch, "法规检索（按词语检索已载入的法规条文）", "search the laws (the articles of the law texts loaded)"),
    b(C::Global, &[Plain(K::F(6))], Action::CycleTeam, "切换实施范围（中队/街道）筛选", "cycle team / street filter"),
    b(C::Browse, &[Plain(K::Char('q'))], Action::Quit, "退出", "quit"),
    b(C::Browse, &[Plain(K::Char('?'))], Action::ToggleHelp, "帮助", "help"),
    pair(C::Browse, &[Plain(K::Char('['))], Action::PrevTab, Plain(K::Char(']')), Action::NextTab, "上一个 / 下一个标签页", "previous / next tab"),
    b(C::Input, &[Text], Action::Insert(' '), "输入检索词（汉字、拼音、首字母、编码）", "type a query (Chinese, pinyin, initials, code)"),
    b(C::Input, &[Plain(K::Backspace)], Action::Backspace, "删除前一个字", "delete back"),
    b(C::Input, &[Ctrl('w')], Action::DeleteWord, "删除前一个词", "delete word back"),
    b(C::Input, &[Ctrl('u')], Action::ClearInput, "清空检索框", "clear the field"),
    pair(C::Input, &[Plain(K::Left)], Action::CursorLeft, Plain(K::Right), Action::CursorRight, "移动光标", "move the cursor"),
    pair(C::Input, &[Plain(K::Home)], Action::CursorHome, Plain(K::End), Action::CursorEnd, "光标到开头 / 结尾", "cursor to start / end"),
    pair(C::Input, &[Plain(K::Up)], Action::Up, Plain(K::Down), Action::Down, "上一条 / 下一条结果", "previous / next result"),
    pair(C::Input, &[Plain(K::PageUp)], Action::PageUp, Plain(K::PageDown), Action::PageDown, "翻页", "page up / down"),
    b(C::Input, &[Plain(K::Enter)], Action::Open, "打开所选事项", "open the selected item"),
    b(C::Input, &[Plain(K::Esc)], Action::Back, "清空检索词；再按进入列表", "clear the query; again: go to the list"),
    b(C::Input, &[Plain(K::Tab)], Action::SwitchPane, "切换窗格", "switch pane"),
    b(C::List, &[Plain(K::Up), Plain(K::Char('k'))], Action::Up, "上一条", "previous result"),
    b(C::List, &[Plain(K::Down), Plain(K::Char('j'))], Action::Down, "下一条", "next result"),
    pair(C::List, &[Plain(K::PageUp)], Action::PageUp, Plain(K::PageDown), Action::PageDown, "翻页", "page up / down"),
    pair(C::List, &[Plain(K::Char('g')), Plain(K::Home)], Action::First, Plain(K::Char('G')), Action::Last, "第一条 / 最后一条", "first / last result"),
    b(C::List, &[Plain(K::End)], Action::Last, "最后一条", "last result"),
    b(C::List, &[Plain(K::Enter)], Action::Open, "打开事项详情", "open the item"),
    b(C::List, &[Plain(K::Char('/'))], Action::FocusSearch, "检索", "search"),
    b(C::List, &[Plain(K::Tab)], Action::SwitchPane, "切换窗格", "switch pane"),
    b(C::List, &[Plain(K::Char('t'))], Action::CycleType, "切换职权类型筛选", "cycle power type filter"),
    b(C::List, &[Plain(K::Char('d'))], Action::CycleDomain, "切换执法领域筛选", "cycle domain filter"),
    b(C::List, &[Plain(K::Char('b'))], Action::CycleDepartment, "切换原实施部门筛选", "cycle department filter"),
    b(C::List, &[Plain(K::Char('s'))], Action::CycleTeam, "切换实施范围（中队/街道）筛选", "cycle team / street filter"),
    b(C::List, &[Plain(K::Char('x'))], Action::ClearFilters, "取消全部筛选", "clear every filter"),
    b(C::List, &[Plain(K::Char('v'))], Action::OpenVersions, "目录版本（可查看旧版）", "catalog versions (view an old one)"),
    b(C::List, &[Plain(K::Esc)], Action::Back, "清空检索词并回到检索框", "clear the query, back to the field"),
    b(C::Detail, &[Plain(K::Up), Plain(K::Char('k'))], Action::Up, "向上滚动", "scroll up"),
    b(C::Detail, &[Plain(K::Down), Plain(K::Char('j'))], Action::Down, "向下滚动", "scroll down"),
    pair(C::Detail, &[Plain(K::PageUp)], Action::PageUp, Plain(K::PageDown), Action::PageDown, "翻页", "page up / down"),
    pair(C::Detail, &[Plain(K::Char('g')), Plain(K::Home)], Action::First, Plain(K::Char('G')), Action::Last, "顶部 / 底部", "top / bottom"),
    pair(C::Detail, &[Plain(K::Left)], Action::PrevCitation, Plain(K::Right), Action::NextCitation, "选择上一条 / 下一条依据", "select the previous / next cited provision"),
    b(C::Detail, &[Plain(K::Enter), Plain(K::Char('l'))], Action::ShowArticle, "查看所选依据的法条全文", "show the selected provision's article"),
    b(C::Detail, &[Plain(K::Esc)], Action::Back, "关闭详情", "close the detail"),
    b(C::Detail, &[Plain(K::Tab)], Action::SwitchPane, "切换窗格", "switch pane"),
    b(C::Detail, &[Plain(K::Char('/'))], Action::FocusSearch, "检索", "search"),
    b(C::Detail, &[Plain(K::Char('v'))], Action::OpenVersions, "目录版本", "catalog versions"),
    b(C::Versions, &[Plain(K::Up), Plain(K::Char('k'))], Action::Up, "上一个版本", "previous version"),
    b(C::Versions, &[Plain(K::Down), Plain(K::Char('j'))], Action::Down, "下一个版本", "next version"),
    b(C::Versions, &[Plain(K::Enter)], Action::Open, "查看该版本的目录", "view that version's catalog"),
    b(C::Versions, &[Plain(K::Char('d'))], Action::CompareVersions, "与上一版本比较（新增、调整、取消）", "compare with the version before (added, changed, removed)"),
    b(C::Versions, &[Plain(K::Esc), Plain(K::Char('v'))], Action::Back, "关闭", "close"),
    b(C::Form, &[Text], Action::Insert(' '), "输入", "type"),
    b(C::Form, &[Plain(K::Backspace)], Action::Backspace, "删除前一个字", "delete back"),
    b(C::Form, &[Ctrl('w')], Action::DeleteWord, "删除前一个词", "delete word back"),
    b(C::Form, &[Ctrl('u')], Action::ClearInput, "清空本栏", "clear the field"),
    pair(C::Form, &[Plain(K::Left)], Action::CursorLeft, Plain(K::Right), Action::CursorRight, "移动光标", "move the cursor"),
    pair(C::Form, &[Plain(K::Home)], Action::CursorHome, Plain(K::End), Action::CursorEnd, "光标到开头 / 结尾", "cursor to start / end"),
    pair(C::Form, &[Plain(K::Up)], Action::Up, Plain(K::Down), Action::Down, "上一栏 / 下一栏", "previous / next field"),
    b(C::Form, &[Plain(K::Tab)], Action::SwitchPane, "下一栏", "next field"),
    b(C::Form, &[Plain(K::Enter)], Action::Open, "下一栏；最后一栏时提交", "next field; submit on the last"),
    b(C::Form, &[Plain(K::Esc)], Action::Back, "清空 / 取消", "clear / cancel"),
    pair(C::Form, &[Plain(K::PageUp)], Action::PageUp, Plain(K::PageDown), Action::PageDown, "滚动预览", "scroll the preview"),
    b(C::Admin, &[Plain(K::Char('i'))], Action::StartImport, "导入目录更新（仅管理员）", "load a catalog update (admins)"),
    b(C::Admin, &[Plain(K::Char('t'))], Action::AddTeam, "新增中队（仅管理员）", "add a street team (admins)"),
    b(C::Admin, &[Plain(K::Char('w'))], Action::AddGrid, "新增网格（仅管理员）", "add a grid (admins)"),
    b(C::Admin, &[Plain(K::Char('u'))], Action::Unlock, "解锁被锁定的账号（中队长、管理员）", "unlock a locked account (team leaders, admins)"),
    b(C::Admin, &[Plain(K::Esc)], Action::Back, "返回", "back"),
    b(C::Report, &[Plain(K::Up), Plain(K::Char('k'))], Action::Up, "向上滚动", "scroll up"),
    b(C::Report, &[Plain(K::Down), Plain(K::Char('j'))], Action::Down, "向下滚动", "scroll down"),
    pair(C::Report, &[Plain(K::PageUp)], Action::PageUp, Plain(K::PageDown), Action::PageDown, "翻页", "page up / down"),
    b(C::Report, &[Plain(K::Esc)], Action::Back, "关闭报告", "close the report"),
    b(C::ConfirmQuit, &[Plain(K::Char('y'))], Action::ConfirmQuit, "放弃并退出", "discard and quit"),
    b(C::ConfirmQuit, &[Plain(K::Char('n')), Plain(K::Esc)], Action::Back, "返回", "go back"),
    b(C::Work, &[Plain(K::Up), Plain(K::Char('k'))], Action::Up, "上一件", "previous"),
    b(C::Work, &[Plain(K::Down), Plain(K::Char('j'))], Action::Down, "下一件", "next"),
    pair(C::Work, &[Plain(K::PageUp)], Action::PageUp, Plain(K::PageDown), Action::PageDown, "翻页", "page up / down"),
    pair(C::Work, &[Plain(K::Char('g')), Plain(K::Home)], Action::First, Plain(K::Char('G')), Action::Last, "第一件 / 最后一件", "first / last"),
    b(C::Work, &[Plain(K::Char('r'))], Action::Refresh, "刷新", "refresh"),
    b(C::Work, &[Plain(K::Esc)], Action::Back, "关闭案卷，回到案件列表", "close the case file, back to the list"),
    b(C::Work, &[Plain(K::Enter)], Action::Open, "办理所选（按状态与角色列出可做的事；案件先打开案卷）", "act on the selection (what its state and your role allow; a case opens its file first)"),
    b(C::Work, &[Plain(K::Char('f'))], Action::CycleView, "案件：全部 / 我承办的 / 本中队 / 待审批（临期、逾期）", "cases: all / mine / my team / to approve (due soon, overdue)"),
    b(C::Work, &[Plain(K::Char('n'))], Action::New, "新建：巡查计划 / 案件线索 / 投诉登记", "new: patrol plan / case / complaint"),
    pair(C::Work, &[Plain(K::Left)], Action::PrevCitation, Plain(K::Right), Action::NextCitation, "案卷：选择上一条 / 下一条依据", "case file: select the previous / next cited provision"),
    b(C::Work, &[Plain(K::Char('l'))], Action::ShowArticle, "案卷：查看所选依据的法条（作出违法行为当日施行的文本）", "case file: the selected provision's article (the text in force on the day of the act)"),
    b(C::Work, &[Plain(K::Char('s'))], Action::RouteTicket, "投诉：归属建议（涉及的事项，本队办理或移交何处）", "complaints: suggestion (the items it concerns, ours or transfer where)"),
    b(C::Work, &[Plain(K::Char('c'))], Action::TakeDispatched, "投诉：接收中心派发给本站的投诉", "complaints: take in those the centre dispatched here"),
    b(C::Work, &[Plain(K::Char('a'))], Action::AcceptRoute, "投诉：采纳建议（填好的移交或分派）", "complaints: accept the suggestion (the transfer or assignment, filled in)"),
    b(C::Work, &[Plain(K::Char('p'))], Action::OpenDocuments, "案件：执法文书（预览、生成 PDF、打印）", "cases: documents (preview, PDF, print)"),
    b(C::Documents, &[Plain(K::Up), Plain(K::Char('k'))], Action::Up, "上一份 / 预览上移", "previous / scroll the preview"),
    b(C::Documents, &[Plain(K::Down), Plain(K::Char('j'))], Action::Down, "下一份 / 预览下移", "next / scroll the preview"),
    b(C::Documents, &[Plain(K::Enter)], Action::Open, "预览文书文本", "preview the text"),
    b(C::Documents, &[Plain(K::Char('w'))], Action::WriteDocument, "生成 PDF（首次即签发，显示路径）", "write the PDF (issuing it the first time; the path is shown)"),
    b(C::Documents, &[Plain(K::Char('P'))], Action::PrintDocument, "生成并打印（须配置打印机）", "write and print (a printer must be configured)"),
    b(C::Documents, &[Plain(K::Esc), Plain(K::Char('q'))], Action::Back, "返回", "back"),
    pair(C::Stats, &[Plain(K::Left)], Action::StatsEarlier, Plain(K::Right), Action::StatsLater, "上一期 / 下一期", "previous / next period"),
    b(C::Stats, &[Plain(K::Char('p'))], Action::StatsPeriodKind, "周 / 月 / 季度 / 年", "week / month / quarter / year"),
    b(C::Stats, &[Plain(K::Char('b'))], Action::StatsGroupBy, "分组：中队 / 网格 / 领域 / 原主管部门 / 执法人员 / 月份（全局另有站点）", "group by team / grid / domain / department / officer / month (and station, at the centre)"),
    b(C::Stats, &[Plain(K::Char('c'))], Action::StatsScope, "本站 / 全局（中心汇总各站点）", "this station / every station (at the centre)"),
    b(C::Stats, &[Plain(K::Tab)], Action::SwitchPane, "下一张表", "next table"),
    b(C::Stats, &[Plain(K::Up), Plain(K::Char('k'))], Action::Up, "上一项指标", "previous figure"),
    b(C::Stats, &[Plain(K::Down), Plain(K::Char('j'))], Action::Down, "下一项指标", "next figure"),
    pair(C::Stats, &[Plain(K::PageUp)], Action::PageUp, Plain(K::PageDown), Action::PageDown, "翻页（明细）", "page up / down (records)"),
    b(C::Stats, &[Plain(K::Enter)], Action::Open, "列出该指标的记录", "list the figure's records"),
    b(C::Stats, &[Plain(K::Esc)], Action::Back, "关闭明细", "close the records"),
    b(C::Stats, &[Plain(K::Char('r'))], Action::Refresh, "重新统计", "count again"),
    b(C::Article, &[Plain(K::Up), Plain(K::Char('k'))], Action::Up, "向上滚动", "scroll up"),
    b(C::Article, &[Plain(K::Down), Plain(K::Char('j'))], Action::Down, "向下滚动", "scroll down"),
    pair(C::Article, &[Plain(K::PageUp)], Action::PageUp, Plain(K::PageDown), Action::PageDown, "翻页", "page up / down"),
    b(C::Article, &[Plain(K::Esc)], Action::Back, "关闭法条，返回", "close the article, back"),
    b(C::Help, &[Plain(K::Up), Plain(K::Char('k'))], Action::Up, "向上滚动", "scroll up"),
    b(C::Help, &[Plain(K::Down), Plain(K::Char('j'))], Action::Down, "向下滚动", "scroll down"),
    pair(C::Help, &[Plain(K::PageUp)], Action::PageUp, Plain(K::PageDown), Action::PageDown, "翻页", "page up / down"),
    pair(C::Help, &[Plain(K::Char('g')), Plain(K::Home)], Action::First, Plain(K::Char('G')), Action::Last, "顶部 / 底部", "top / bottom"),
    b(C::Help, &[Plain(K::End)], Action::Last, "底部", "bottom"),
    b(C::Help, &[Plain(K::Esc)], Action::Back, "关闭帮助", "close help"),
];

/// The action `event` means in `contexts` (most specific first), with the default keys.
pub fn action_for(event: KeyEvent, contexts: &[Context]) -> Option<Action> {
    DEFAULT.action_for(event, contexts)
}

/// Every default binding of `context`, as (keys, description) for the help.
pub fn help_rows(context: Context, zh: bool) -> Vec<(String, &'static str)> {
    DEFAULT.help_rows(context, zh)
}

static DEFAULT: std::sync::LazyLock<KeyMap> = std::sync::LazyLock::new(KeyMap::default);

pub(super) fn matches(key: Key, event: KeyEvent) -> bool {
    let ctrl_or_alt = event.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match key {
        Key::Plain(code) => !ctrl_or_alt && event.code == code,
        Key::Ctrl(c) => {
            event.modifiers.contains(KeyModifiers::CONTROL) && event.code == KeyCode::Char(c)
        }
        Key::Text => !ctrl_or_alt && matches!(event.code, KeyCode::Char(_)),
    }
}

/// How a key is written in the help.
pub fn key_name(key: Key, zh: bool) -> String {
    match key {
        Key::Text => (if zh { "文字" } else { "text" }).to_string(),
        Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
        Key::Plain(code) => match code {
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn letters_type_in_the_field_but_command_elsewhere() {
        let typing = [C::Input, C::Global];
        let browsing = [C::List, C::Browse, C::Global];
        assert_eq!(action_for(key(K::Char('q')), &typing), Some(Action::Insert('q')));
        assert_eq!(action_for(key(K::Char('q')), &browsing), Some(Action::Quit));
        assert_eq!(action_for(key(K::Char('j')), &browsing), Some(Action::Down));
        let ctrl_c = KeyEvent::new(K::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action_for(ctrl_c, &typing), Some(Action::Quit));
    }

    #[test]
    fn second_key_of_a_pair_does_the_opposite() {
        let list = [C::List];
        assert_eq!(action_for(key(K::Char('g')), &list), Some(Action::First));
        let shift_g = KeyEvent::new(K::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(action_for(shift_g, &list), Some(Action::Last));
        assert_eq!(action_for(key(K::PageDown), &list), Some(Action::PageDown));
        assert_eq!(action_for(key(K::Right), &[C::Input]), Some(Action::CursorRight));
        assert_eq!(action_for(key(K::End), &[C::Input]), Some(Action::CursorEnd));
        assert_eq!(action_for(key(K::Char(']')), &[C::Browse]), Some(Action::NextTab));
    }

    #[test]
    fn synonyms_do_the_same_thing() {
        for context in [C::List, C::Detail, C::Versions, C::Help] {
            assert_eq!(action_for(key(K::Char('k')), &[context]), Some(Action::Up), "{context:?}");
            assert_eq!(action_for(key(K::Up), &[context]), Some(Action::Up), "{context:?}");
            assert_eq!(action_for(key(K::Char('j')), &[context]), Some(Action::Down));
            assert_eq!(action_for(key(K::Down), &[context]), Some(Action::Down));
        }
        assert_eq!(action_for(key(K::Char('v')), &[C::Versions]), Some(Action::Back));
    }

    #[test]
    fn help_lists_every_key_of_a_context() {
        let rows = help_rows(C::List, true);
        let keys: Vec<&str> = rows.iter().map(|(k, _)| k.as_str()).collect();
        assert!(keys.contains(&"↑ k") && keys.contains(&"g Home G"), "{keys:?}");
        assert!(keys.contains(&"v"), "{keys:?}");
        assert!(rows.iter().all(|(_, d)| !d.is_empty()));
    }
}
