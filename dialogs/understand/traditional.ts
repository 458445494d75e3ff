// Traditional characters to simplified ones, for reading a message (never for storing it): a user
// who types 繁體 ("請問項目名稱填什麼", "總分為何少了8分") is understood like one who types 简体. The
// table holds the characters of the form's vocabulary and of everyday questions, one to one (the few
// traditional characters that map to several simplified ones take the reading the form uses).
const PAIRS =
  '與与並并們们個个倆俩們们價价優优億亿係系俗俗倉仓備备傳传債债傷伤僅仅儲储兒儿內内兩两冊册凈净凍冻' +
  '別别創创劃划劉刘則则剛刚動动務务勞劳勢势勵励區区協协卻却厭厌參参單单嚴严處处員员問问啟启喚唤' +
  '嗎吗嘗尝噸吨團团園园國国圖图執执堅坚報报場场壓压壞坏壽寿備备夠够夥伙奪夺奮奋實实審审寫写' +
  '對对導导將将專专尋寻層层屬属歲岁島岛帳帐帶带師师幣币幫帮幹干廣广庫库應应廢废開开張张強强' +
  '歸归當当彙汇後后從从復复徵征態态總总慮虑憑凭戶户換换擇择擔担據据擬拟損损搶抢撥拨擴扩擾扰' +
  '敗败數数斷断於于時时晉晋曉晓會会來来條条東东極极標标樣样樓楼權权機机構构檢检歡欢歷历決决' +
  '沒没況况準准減减溫温滿满漢汉潔洁濟济為为無无熱热爾尔獎奖現现產产畫画當当異异療疗發发盡尽' +
  '監监盤盘確确礎础禮礼種种稅税穩稳窮穷節节範范簡简築筑簽签紀纪約约紅红級级納纳紙纸組组結结' +
  '給给統统絕绝經经維维網网綜综緊紧線线編编練练縣县總总績绩繳缴續续聯联聽听職职與与舉举號号' +
  '補补製制複复規规視视親亲覺觉覽览計计訂订認认討讨記记設设許许訪访評评試试詢询該该詳详語语' +
  '誤误說说請请課课調调談谈論论諮咨謝谢證证識识議议護护讀读變变貨货費费資资賬账質质購购賽赛' +
  '趕赶車车軟软較较輔辅輸输辦办農农這这進进運运過过達达違违遠远適适選选還还邊边鄉乡醫医錄录' +
  '錢钱錯错鎮镇長长門门開开間间閱阅關关陰阴陽阳際际隊队險险隨随雙双難难電电響响項项順顺須须' +
  '預预領领頭头頁页題题額额願愿類类顯显風风飛飞餘余養养館馆駐驻驗验體体點点黨党齊齐義义億亿' +
  '麼么幾几啥啥裡里裏里說说嗯嗯讓让認认覈核帳账戶户擬拟測测萬万圓圆檔档樁桩邏逻輯辑啟启訊讯' +
  '稱称煩烦詞词鐘钟顧顾鍵键鐵铁買买賣卖蘇苏廳厅鄰邻麗丽屆届瀏浏雲云筆笔燈灯慶庆賠赔側侧蓋盖衛卫' +
  '環环營营貸贷飯饭氣气憶忆雖虽隻只灣湾龍龙齡龄繼继絡络紹绍終终綫线羅罗藝艺殘残據据嗎吗裝装修修' +
  '積积觀观歐欧寬宽質质檢检舊旧雜杂鬆松彈弹臺台麵面處处訴诉訓训辭辞離离難难';

let table: Map<string, string> | undefined;

function build(): Map<string, string> {
  const out = new Map<string, string>();
  const chars = [...PAIRS];
  for (let i = 0; i + 1 < chars.length; i += 2) if (chars[i] !== chars[i + 1]) out.set(chars[i], chars[i + 1]);
  return out;
}

/** The text with its traditional characters read as simplified ones. */
export function toSimplified(text: string): string {
  table ??= build();
  let out = '';
  let changed = false;
  for (const ch of text) {
    const s = table.get(ch);
    if (s) changed = true;
    out += s ?? ch;
  }
  return changed ? out : text;
}
