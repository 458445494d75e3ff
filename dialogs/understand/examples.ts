// Labelled examples the intent classifier (classifier.ts) is trained on at module load. One example a
// line: "<label>\t<text>". In a text, Ⓘ stands for any indicator's name, Ⓕ for a field's name, Ⓢ for a
// 子项, and a figure is any figure; spaces, punctuation and 的 are ignored (a final ? marks a question).
// FROM_CORPUS is test/fixtures/nlu/corpus.jsonl as the classifier reads it (names masked);
// OWN are phrasings written for this file, in many voices, never copied from a held-out or probe set.
import { FROM_CORPUS } from './examples-corpus.js';

export type Label = 'why' | 'lostPoints' | 'howToFull' | 'scoreNow' | 'export' | 'preview' | 'progress' | 'help' | 'fieldHelp' | 'smallTalk' | 'undo' | 'redo' | 'skip' | 'back' | 'fallback' | 'answer' | 'correction';

const OWN = `
why	Ⓘ为什么扣分
why	Ⓘ为啥只得了这么点分
why	Ⓘ咋个扣了这么多
why	Ⓘ咋回事扣分了
why	Ⓘ的分数怎么算出来的
why	Ⓘ得分是怎么算的
why	Ⓘ的得分依据是什么
why	Ⓘ的得分依据
why	Ⓘ扣分依据
why	Ⓘ扣分的理由是什么
why	Ⓘ被扣分的理由
why	说说Ⓘ为啥扣分
why	解释一下Ⓘ的得分
why	麻烦解释下Ⓘ的分数
why	Ⓘ分数不对吧，讲讲
why	Ⓘ这分咋来的
why	Ⓘ怎么才这点分
why	Ⓘ怎么一分没有
why	Ⓘ为什么是零分
why	Ⓘ为啥是满分
why	Ⓘ得分有问题吧
why	Ⓘ的分我看不懂，说明一下
why	Ⓘ没拿满是什么原因
why	Ⓘ为什么没满分
why	Ⓘ那块为啥丢分
why	Ⓘ那一项怎么扣的分
why	Ⓘ的扣分是怎么回事
why	Ⓘ扣分说明
why	Ⓘ的计分过程
why	Ⓘ的评分逻辑是啥
why	Ⓘ凭什么扣分
why	Ⓘ扣得也太狠了吧
why	Ⓘ给的分不合理啊
why	why did Ⓘ lose points
why	explain Ⓘ score
why	how is Ⓘ scored
why	why is Ⓘ so low
why	这项为什么扣分
why	这一项分数怎么来的
why	这个分是咋算的
why	这个得分的依据
why	这项的扣分原因
why	为什么扣了分
why	为什么这里扣分
why	怎么扣了这么多分
why	这分怎么这么低
why	总分为啥这么低
why	总分怎么才这么点
why	我们的总分怎么这么少
why	整体得分为什么不高
why	合计得分怎么算的
why	总得分是怎么得出来的
why	为什么总分没到90
why	总分低的原因
why	Ⓕ为什么会影响分数
why	Ⓘ为何失分
why	Ⓘ失分原因
why	Ⓘ丢分的原因是啥
lostPoints	哪些扣分了
lostPoints	哪几项扣了分
lostPoints	哪些项目失分
lostPoints	扣分项有哪些
lostPoints	扣分的都有哪些
lostPoints	把扣分的列一下
lostPoints	失分的地方给我列出来
lostPoints	列出所有扣分指标
lostPoints	扣分清单
lostPoints	扣分明细发我
lostPoints	失分情况汇总
lostPoints	丢分的项列出来看看
lostPoints	哪些地方丢分了
lostPoints	在哪丢的分
lostPoints	分都扣在哪了
lostPoints	扣在哪几项
lostPoints	哪些指标不是满分
lostPoints	没拿满分的是哪些
lostPoints	哪些没得满分
lostPoints	有没有扣分的项
lostPoints	有扣分的吗
lostPoints	都扣了哪些分
lostPoints	被扣分的指标
lostPoints	丢了哪些分
lostPoints	目前丢了多少项分
lostPoints	which indicators lost points
lostPoints	list the lost points
lostPoints	show deductions
lostPoints	扣分点有哪些
lostPoints	失分点汇总一下
lostPoints	看看哪些被扣了
lostPoints	哪些项没满分
howToFull	怎么才能拿满分
howToFull	怎样拿到满分
howToFull	咋个才能满分
howToFull	想拿满分要怎么填
howToFull	要满分该怎么办
howToFull	怎么提高分数
howToFull	分数能不能高点，有什么办法
howToFull	想多拿点分
howToFull	怎么提分
howToFull	离满分还差多少
howToFull	离满分还差什么
howToFull	还差几分满分
howToFull	要拿100分需要什么
howToFull	Ⓘ要多少才能满分
howToFull	Ⓘ达到多少不扣分
howToFull	Ⓘ至少要多少
howToFull	Ⓘ最少填多少才满分
howToFull	Ⓘ填多少合适
howToFull	Ⓘ要做到多少才拿满
howToFull	Ⓘ满分要求是多少
howToFull	Ⓘ满分标准是什么
howToFull	Ⓘ得多少才不丢分
howToFull	Ⓘ怎么才能不扣分
howToFull	Ⓘ要达到什么水平才满分
howToFull	Ⓘ还要提高多少
howToFull	Ⓘ差多少到满分
howToFull	Ⓘ多少算达标
howToFull	Ⓘ最高能填多少
howToFull	Ⓘ最多可以多少不扣分
howToFull	how to get full marks
howToFull	what do I need for full score on Ⓘ
howToFull	全部拿满要怎么做
howToFull	每项要达到多少才满分
howToFull	哪些要改才能满分
howToFull	分怎么才能高一些
scoreNow	现在多少分
scoreNow	目前得了几分
scoreNow	现在的分数是多少
scoreNow	总分多少
scoreNow	一共多少分
scoreNow	总共拿了多少分
scoreNow	得分是多少
scoreNow	当前得分
scoreNow	算下分数
scoreNow	算算现在几分
scoreNow	帮我算一下总分
scoreNow	分数出来了吗
scoreNow	能看看分数吗
scoreNow	看一下得分
scoreNow	报个分
scoreNow	现在能打几分
scoreNow	评分结果是多少
scoreNow	最后得分多少
scoreNow	总评分
scoreNow	当前评分
scoreNow	分数多少了
scoreNow	多少分了
scoreNow	到目前为止几分
scoreNow	what is the score
scoreNow	current total
scoreNow	my score
scoreNow	score?
scoreNow	得了多少分呢
scoreNow	分数现在咋样
scoreNow	总分有多少
export	导出word
export	导出excel
export	生成word文档
export	出个excel表
export	给我一份word
export	发个excel给我
export	excel导一下
export	word版发我
export	把报告导出来
export	下载报告
export	下载excel
export	生成评价报告
export	出报告
export	弄个word出来
export	整个excel出来
export	做成word文件
export	转成excel
export	存成word
export	打印报告
export	导出文件
export	文件给我
export	两个格式都要
export	word和excel都导出
export	都导出来
export	把结果导出
export	把表导出给我
export	导出评分表
export	export word
export	download the report
export	give me the excel
export	export both files
export	生成文件吧
export	可以导出了吗
export	我要导出
export	要一份文档
export	帮我生成一下文件
preview	预览一下
preview	看看表
preview	看一下整张表
preview	给我看看填了啥
preview	展示一下填好的内容
preview	把表格显示出来
preview	让我看看结果
preview	看下当前的表
preview	查看表格
preview	表格长什么样
preview	显示全部内容
preview	我想核对一下填的内容
preview	把填的都列出来我核对
preview	过一遍填的数据
preview	看看现在的表
preview	瞅一眼表格
preview	整个表给我看下
preview	show me the form
preview	preview
preview	show the table
preview	汇总表看一下
preview	总览
preview	评分表看看
preview	已填的内容看看
preview	检查一下填的东西
progress	进度怎么样
progress	填了多少了
progress	还剩多少没填
progress	还有几项
progress	还差几项
progress	还剩哪些
progress	还有哪些没填
progress	现在到哪一步了
progress	填到哪了
progress	完成了多少
progress	完成度多少
progress	还要多久
progress	什么时候能填完
progress	快填完了吗
progress	还有多少问题
progress	还有几个问题
progress	剩下的还有啥
progress	进展如何
progress	how much is left
progress	what's left
progress	progress
progress	status
progress	现在是第几题
progress	还要填几个
progress	离填完还有多远
progress	还剩几步
help	你能做什么
help	你会干啥
help	有什么功能
help	怎么用这个
help	怎么操作
help	使用说明
help	有没有说明书
help	帮助文档
help	教教我怎么用
help	我不会用
help	这个咋用
help	不知道怎么弄
help	我该干嘛
help	我该怎么开始
help	有哪些命令
help	能帮我什么
help	支持哪些功能
help	介绍一下你自己
help	what can you do
help	help me
help	how does this work
help	使用方法
help	操作指南
help	用法
help	菜单
fieldHelp	Ⓕ是什么
fieldHelp	Ⓕ指什么
fieldHelp	Ⓕ是啥意思
fieldHelp	Ⓕ填什么
fieldHelp	Ⓕ该填哪个数
fieldHelp	Ⓕ从哪里找
fieldHelp	Ⓕ在哪个表里
fieldHelp	Ⓕ去哪查
fieldHelp	Ⓕ数据来源是啥
fieldHelp	Ⓕ包括哪些
fieldHelp	Ⓕ怎么填
fieldHelp	Ⓕ怎么算
fieldHelp	Ⓕ和Ⓕ有什么区别
fieldHelp	Ⓕ是Ⓕ还是Ⓕ
fieldHelp	Ⓕ的口径是什么
fieldHelp	Ⓕ的定义
fieldHelp	Ⓕ要写什么
fieldHelp	Ⓕ单位是什么
fieldHelp	Ⓕ填万元还是元
fieldHelp	Ⓘ是什么意思
fieldHelp	Ⓘ指的是什么
fieldHelp	Ⓘ怎么计算
fieldHelp	Ⓘ怎么填
fieldHelp	Ⓘ填啥
fieldHelp	Ⓘ是个什么指标
fieldHelp	Ⓘ的含义
fieldHelp	Ⓘ的计算公式
fieldHelp	Ⓘ的实际值填什么
fieldHelp	Ⓘ按什么口径
fieldHelp	Ⓘ的概念
fieldHelp	Ⓘ怎么理解
fieldHelp	Ⓢ是什么
fieldHelp	Ⓢ要填哪些
fieldHelp	Ⓢ怎么拆
fieldHelp	这个是什么意思
fieldHelp	这个填啥
fieldHelp	这里写什么
fieldHelp	这一项怎么填
fieldHelp	这个数在哪找
fieldHelp	这栏填什么内容
fieldHelp	不知道填什么
fieldHelp	不清楚这个
fieldHelp	我不懂这个
fieldHelp	看不懂这个问题
fieldHelp	不太明白
fieldHelp	不会填
fieldHelp	搞不懂
fieldHelp	这个数不知道
fieldHelp	没理解什么意思
fieldHelp	what does this mean
fieldHelp	what is Ⓘ
fieldHelp	what does Ⓕ mean
fieldHelp	举个例子
fieldHelp	有没有填写示例
fieldHelp	能举例说明吗
smallTalk	你好
smallTalk	您好
smallTalk	早
smallTalk	晚上好
smallTalk	哈喽
smallTalk	在不在
smallTalk	有人吗
smallTalk	人呢
smallTalk	在么
smallTalk	还在吗
smallTalk	谢谢
smallTalk	谢谢啦
smallTalk	多谢
smallTalk	感谢
smallTalk	辛苦
smallTalk	辛苦了
smallTalk	好的
smallTalk	好
smallTalk	嗯
smallTalk	嗯嗯
smallTalk	ok
smallTalk	收到
smallTalk	明白
smallTalk	知道了
smallTalk	了解
smallTalk	好嘞
smallTalk	行吧
smallTalk	没问题
smallTalk	哈哈
smallTalk	稍等
smallTalk	等一下
smallTalk	我查一下
smallTalk	我去找找数据
smallTalk	马上
smallTalk	thanks
smallTalk	thank you
smallTalk	hello
smallTalk	👍
smallTalk	赞
smallTalk	不错
smallTalk	太好了
smallTalk	厉害
undo	撤销
undo	撤回
undo	撤销上一步
undo	撤回刚才的修改
undo	刚才的改动不要了
undo	刚刚那个修改取消
undo	上次改的作废
undo	改回去
undo	恢复到修改前
undo	还原刚才的修改
undo	把刚才改的还原
undo	取消上一次操作
undo	刚才那步撤掉
undo	撤掉
undo	刚才改错了，撤回
undo	不该改的，撤销一下
undo	回到改之前
undo	undo
undo	undo that
undo	刚才那个不算
undo	上一步操作撤回
undo	撤销修改
redo	重做
redo	redo
redo	撤销的再恢复
redo	把撤回的恢复
redo	撤销错了，恢复回来
redo	再改回来
redo	刚撤销的重新应用
redo	恢复刚才撤销的
redo	撤回的那个再弄回来
redo	取消撤销
redo	撤销撤销
skip	跳过
skip	跳
skip	先跳过
skip	这个跳过
skip	这题跳过
skip	跳过这个问题
skip	下一个
skip	下一题
skip	先不填
skip	暂时不填
skip	这个先放着
skip	先放一放
skip	回头再填
skip	以后再说
skip	晚点再补
skip	这个填不了
skip	这个没有数据，先跳
skip	这项我不知道，先过
skip	过
skip	pass
skip	skip
skip	next
skip	稍后再填这个
skip	这个等会补
skip	略过
skip	不填这个
back	返回
back	上一步
back	上一题
back	回到上一个问题
back	退回去
back	退一步
back	后退
back	往回退
back	回上一个
back	刚才那题再填一下
back	返回前面
back	倒回去
back	back
back	go back
back	previous question
back	我要回到上一题
back	前一个问题重新填
fallback	今天天气怎么样
fallback	中午吃什么
fallback	讲个笑话
fallback	你多大了
fallback	你是男是女
fallback	帮我订机票
fallback	帮我写个通知
fallback	股票怎么样
fallback	我想请假
fallback	现在几点了
fallback	放假安排是啥
fallback	明天开会吗
fallback	附近有什么好吃的
fallback	帮我查一下快递
fallback	你喜欢什么
fallback	老板在吗
fallback	给我推荐一部电影
fallback	今年的年终奖发多少
fallback	帮我发个邮件
fallback	怎么去火车站
fallback	what's the weather
fallback	tell me a joke
fallback	who are you
fallback	报销流程是什么
fallback	打印机坏了
fallback	会议室在几楼
answer	1900
answer	1900万
answer	一千九百万
answer	八百一十二点一万
answer	百分之八十五
answer	85%
answer	9000人次
answer	5859平米
answer	约3200平方米
answer	大概8700人
answer	完成
answer	已完成
answer	合规
answer	健全
answer	规范
answer	获得
answer	不适用
answer	无
answer	没有
answer	就这些
answer	好了
answer	项目位于高新区，总投资1900万元，建设内容为展厅装修
answer	本项目主要用于展厅建设和日常维护，全年资金执行情况良好
answer	由于疫情影响部分工程延期，年底前已全部完工
answer	苏州市工业和信息化局
answer	市财政局
answer	智能制造体验中心建设项目
answer	2021年
answer	基本建设 1200 388
answer	实际支付了812万
answer	实际完成8757人次
answer	满意度调查为92%
answer	节约了10个点
answer	负812.5
answer	调减812.5
correction	Ⓕ改成1800
correction	Ⓕ应该是1800
correction	Ⓕ错了，是1800
correction	Ⓕ写错了，应为1800
correction	Ⓕ不对，改为1800
correction	Ⓕ应当是1800万
correction	Ⓕ填成了1900，正确的是1800
correction	Ⓕ其实是1800
correction	把Ⓕ改为1800
correction	Ⓕ更正为1800
correction	Ⓕ实际应该是1800
correction	Ⓕ要改成1800
correction	Ⓕ那里改成1800
correction	Ⓘ改成9000人次
correction	Ⓘ应为90%
correction	Ⓘ那项改一下，9000
correction	Ⓘ填错了，正确值9000
correction	Ⓘ的目标值改为8000
correction	Ⓢ的预算改成1300
correction	Ⓢ预算应该是1300
correction	Ⓢ的实际数改为400
correction	1800才对，Ⓕ刚才写错了
correction	Ⓕ 1800，之前填错了
correction	Ⓕ修正为1800
correction	Ⓕ调整成1800
correction	Ⓕ换成1800
why	why so low
why	why did i lose points here
why	why only this score
why	Ⓘ score looks wrong
why	how was Ⓘ calculated
why	reason for Ⓘ deduction
lostPoints	where did i lose points
lostPoints	which items were deducted
lostPoints	what lost points
lostPoints	deductions?
howToFull	how do i get full marks
howToFull	how to score higher
howToFull	how to improve my score
howToFull	what do i need to reach 100
howToFull	how can i get a higher score
howToFull	Ⓘ needs how much for full marks
howToFull	还能怎么多拿分
howToFull	怎样才能分数更高
howToFull	分数还能往上提吗
scoreNow	what's my score now
scoreNow	how many points do i have
scoreNow	total score?
export	send me the word file
export	i want the excel
export	can i download it
export	generate the report
export	export please
preview	show me everything
preview	let me see the form
preview	show what i entered
preview	show me the data
preview	what have i filled in
preview	display the table
preview	list what i entered
preview	填过的东西给我看看
preview	我填了啥，列一下
progress	how far am i
progress	how many left
progress	am i done
progress	how many questions remain
help	how do i use this
help	what is this bot for
help	how does this thing work
help	这个怎么玩
help	这东西咋用
help	这个机器人干嘛的
help	有啥用
help	你是干什么的
help	我要怎么弄
fieldHelp	what should i put here
fieldHelp	what does Ⓕ include
fieldHelp	what's Ⓘ
fieldHelp	Ⓕ is what exactly?
fieldHelp	Ⓕ是指哪个口径
fieldHelp	Ⓕ是不是Ⓕ？
fieldHelp	Ⓕ算不算Ⓕ
fieldHelp	Ⓕ=实际到账的钱？
fieldHelp	Ⓕ是实际花掉的吗
fieldHelp	Ⓘ的分母是什么
fieldHelp	Ⓘ是按什么统计的
fieldHelp	Ⓕ要含税吗
smallTalk	稍等，我看下账
smallTalk	等我查一下台账
smallTalk	我翻一下材料
smallTalk	我去问下财务
smallTalk	等会儿，我找找
smallTalk	我先核对一下数据
smallTalk	让我想想
smallTalk	wait a sec
smallTalk	hold on
smallTalk	one moment
smallTalk	ok got it
smallTalk	cool
skip	先空着
skip	这里留空
skip	先空着吧，以后补
skip	不知道，先跳过
skip	这个不清楚，先过
skip	没有这个数，跳过
skip	这项先不管
skip	先搁着
skip	skip this one
skip	skip for now
skip	leave it blank
back	go back one
back	previous one please
back	回到前面那题
undo	undo the last change
undo	revert that
undo	cancel the last edit
redo	redo that
redo	bring it back
fallback	what's for lunch
fallback	book a flight
fallback	are you human
fallback	帮我翻译一段话
fallback	写首诗
fallback	今天星期几啊
fallback	我的工资什么时候发
why	请说明Ⓘ的扣分情况
why	Ⓘ扣分情况说明一下
why	Ⓘ得分偏低，请解释
why	请解释Ⓘ为何得分较低
why	对Ⓘ的得分有异议
why	Ⓘ的分数有疑问
why	Ⓘ这个分不太对
why	Ⓘ的得分依据请说明
why	关于Ⓘ的评分请给出说明
why	该指标的得分是如何计算的
why	此项分值如何确定
why	请说明总分偏低的原因
why	总分为何偏低
why	总分不理想是什么原因
lostPoints	请列出扣分项
lostPoints	扣分指标有哪些
lostPoints	未得满分的有哪些
lostPoints	不足满分的指标
lostPoints	哪些没达到满分
lostPoints	还有哪些不是满分
lostPoints	没满分的都有谁
lostPoints	失分的有几项
lostPoints	扣分指标汇总
lostPoints	列示失分情况
howToFull	各项需达到什么标准才能满分
howToFull	Ⓘ需达到多少方可得满分
howToFull	Ⓘ控制在多少以内可以不扣分
howToFull	Ⓘ完成多少才能拿满分
howToFull	要怎样才能提高得分
howToFull	如何提升总分
howToFull	有没有办法多得几分
howToFull	分数怎么才能上去
scoreNow	请告知目前得分
scoreNow	截至目前总得分
scoreNow	当前总分是多少
scoreNow	目前评分结果
export	请导出word版报告
export	请提供excel版评分表
export	请以word格式输出
export	请将评分表导出为excel
export	需要一份excel格式的表
export	提供一下word文件
export	出具正式报告
export	生成正式的评价报告
export	把评分表做成excel给我
export	word格式的给我一份
preview	请展示已填写的信息
preview	调出表格看一下
preview	查看已录入内容
preview	请显示当前填报情况
preview	展示全部填报内容
progress	还有哪些没有填写
progress	尚未填写的还有哪些
progress	未完成的项目有哪些
progress	填报进度如何
progress	还有几项未填
progress	距离完成还有多少
help	请介绍一下系统功能
help	本系统怎么用
help	操作说明
help	使用上有什么要注意的
help	系统能提供哪些帮助
fieldHelp	Ⓕ的统计口径
fieldHelp	Ⓕ以什么为准
fieldHelp	Ⓕ的数据来源
fieldHelp	Ⓕ从哪取数
fieldHelp	Ⓘ的取数口径
fieldHelp	Ⓘ的数据从哪来
fieldHelp	Ⓘ的统计方法
fieldHelp	Ⓘ的填报要求
fieldHelp	Ⓕ的填报要求
fieldHelp	Ⓢ的填报说明
fieldHelp	Ⓕ应包含哪些内容
fieldHelp	此项的填写要求
fieldHelp	该项如何填报
fieldHelp	本栏的填写说明
fieldHelp	填报说明是什么
smallTalk	打扰了
smallTalk	您好打扰一下
smallTalk	不好意思打扰
smallTalk	好的感谢
smallTalk	收到稍候
smallTalk	请稍候
smallTalk	正在核实
smallTalk	正在查数据
smallTalk	我核对一下
undo	撤销上一次修改
undo	恢复到刚才修改之前
undo	把刚才的修改还原
undo	刚才的更改作废
undo	取消刚才的更改
redo	恢复被撤销的操作
redo	重新执行刚才撤销的修改
skip	此项暂不填报
skip	本项暂缺跳过
skip	暂无数据先跳过
skip	暂不提供
back	返回上一项
back	回到前一项
back	返回上一个环节
fallback	单位地址在哪
fallback	下周什么安排
fallback	预算编制什么时候开始
fallback	帮我写个请示
fallback	这个月工资多少
answer	实际完成5800平方米
answer	支付金额812万元
answer	为百分之九十
answer	约九成
answer	已按期完成
answer	苏州市工业和信息化局下属中心
answer	市级展示中心建设项目
export	导
export	导吧
export	导出来
export	出文件
export	下载
export	打包
skip	略
skip	过吧
skip	跳吧
skip	下一项吧
undo	撤
undo	撤了
undo	撤一下
redo	撤多了，恢复
redo	撤错了，恢复回来
redo	刚才不该撤
lostPoints	哪扣了
lostPoints	扣哪了
lostPoints	哪里扣的
lostPoints	扣了啥
scoreNow	啥分
scoreNow	几分
scoreNow	分呢
scoreNow	总分呢
progress	剩几个
progress	剩多少
progress	还剩多少
progress	还几项
preview	看看
preview	表呢
help	咋弄
help	干啥的
fieldHelp	没有Ⓘ的数据怎么办
fieldHelp	Ⓘ没统计，怎么办
fieldHelp	Ⓕ没有这个数怎么处理
fieldHelp	没做调查，Ⓘ怎么填
fieldHelp	Ⓘ的数据拿不到咋办
fieldHelp	这个数据没有，该怎么填
fieldHelp	为什么要填Ⓘ
fieldHelp	Ⓕ为什么要填
skip	这栏没数据
skip	我这没有这个数
skip	这个数没有
skip	数据还没出来，先跳
skip	暂时没有这个数据
redo	撤掉的那个还是要的，恢复
redo	撤销的修改还要，恢复回来
redo	刚撤回的不该撤，恢复一下
redo	撤掉的改动再恢复
redo	ctrl+y
undo	ctrl+z
undo	撤掉上一步
undo	恢复原状
undo	还原到修改之前
smallTalk	3q
smallTalk	tks
smallTalk	hi there
lostPoints	哪些没拿到满分
lostPoints	哪几项没得到满分
lostPoints	which ones are not full marks
why	Ⓘ给了满分，依据是什么
why	Ⓘ扣分的依据
why	总分不高，是哪里出了问题
why	分这么低，问题出在哪
fieldHelp	Ⓕ要写多长
fieldHelp	Ⓕ写多少字合适
fieldHelp	Ⓘ单位用什么
howToFull	Ⓘ填到多少可以
howToFull	Ⓘ达到多少就行
skip	不知道，先空着
skip	不清楚，先留空
why	总分凭啥这么低
why	0分是怎么得来的
why	我们这0分到底咋算的
why	Ⓘ咋就给满分了
why	Ⓘ怎么给了这么高的分
why	总成绩怎么不是满分
lostPoints	除了Ⓘ还有哪项扣分了
lostPoints	Ⓘ之外别的有没有丢分
lostPoints	除开Ⓘ其他都满分吗
fieldHelp	Ⓕ是不是要把追加的也算上
fieldHelp	Ⓕ要不要把没付的尾款算进去
fieldHelp	Ⓘ指的是A还是B
fieldHelp	Ⓕ包不包括上年结转
undo	恢复成原来的数
undo	改回修改之前
redo	刚才撤掉的那步重新执行
redo	撤回的那个再弄回来
help	第一次用这个 教教我
help	新手 带我过一遍
help	你都有啥功能
progress	一共几步 我到第几步了
progress	现在完成百分之几了
smallTalk	好的明白了 谢谢你啊 帮大忙了
smallTalk	行 知道了 辛苦你了哈
skip	这个数还没出来 先空着
howToFull	扣掉的分怎么补回来
howToFull	丢的那几分还能补回来吗
howToFull	失掉的分咋挽回
howToFull	被扣的分能拿回来不
howToFull	Ⓘ扣的分怎么找回来
howToFull	差的分要怎么补
howToFull	少的那些分咋补上
howToFull	想把分数弄满要做啥
why	总分咋才这么点
why	总分怎么只有这些
why	我们才得这么点分 怎么回事
why	为什么总分上不去
smallTalk	等会儿 我去开个会
smallTalk	稍等哈 领导找我
smallTalk	先等等 我接个电话
smallTalk	等下啊 去趟财务
smallTalk	你先等会 我吃个饭回来弄
smallTalk	等我下 有人找
fallback	说个笑话听听
fallback	来个段子
fallback	明天天气咋样
fallback	外面下雨了吗
fallback	中午吃啥好
fallback	给我推荐个外卖
fallback	今天星期几
fallback	帮我订个会议室
preview	把填好的内容列出来看看
preview	表里的数据贴出来给我核对
preview	填的东西晒出来我瞅瞅
redo	撤多了 再弄回来
redo	撤过头了 恢复一下
redo	刚才不该撤的 加回去
lostPoints	是不是就Ⓘ扣分了
lostPoints	只有Ⓘ丢分吗
lostPoints	就Ⓘ一项没满分吧
`;

function parse(block: string): Array<[Label, string]> {
  return block.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')).map((l) => {
    const tab = l.indexOf('\t');
    return [l.slice(0, tab) as Label, l.slice(tab + 1)];
  });
}

export const EXAMPLES: ReadonlyArray<readonly [Label, string]> = [...parse(FROM_CORPUS), ...parse(OWN)];
