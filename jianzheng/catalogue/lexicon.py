"""What residents say, mapped to what the catalogue calls it: a small hand-made lexicon, read by
`catalogue.reading`. Written from the way questions reach the 12345 hotline and the 政务服务
"我要咨询" boxes ("银行让我开个证明证明我妈还活着", "身份证丢了要开证明吗"), not from a dictionary.

A *sense* is one thing a proof is about (健在, 婚姻, 亲属…). The same lexicon reads the items' own
names, aliases and keywords when the index is built, so an item a county adds ("无婚姻登记记录
证明") takes the sense its words carry (婚姻) without any code naming it. Words are matched longest
first, so 婚姻关系 is marriage before 关系 is kinship, and 病故 is death before 病 is illness.

Chosen over jieba: its 20 MB dictionary costs about a second at start-up, splits 没结婚 and 母女
as any other words, and still needs this table to say which proof a word points to."""

STRONG, WEAK = 10, 4

# sense: (words that name it, words that only hint at it)
SENSES: dict[str, tuple[str, str]] = {
    "健在": (
        "健在 活着 还活着 活人 在世 还在世 生存 生存认证 资格认证 养老金认证 领取资格 人还在",
        "认证 养老金 退休金 领养老金",
    ),
    "死亡": (
        "死亡 去世 过世 逝世 离世 病故 死了 死 不在了 火化 殡葬 丧葬 销户 注销户口",
        "走了",
    ),
    "婚姻": (
        "婚姻 婚姻状况 婚姻关系 婚姻登记 结婚 结过婚 结了婚 已婚 未婚 离婚 离异 离过婚 单身 分居 "
        "丧偶 再婚 配偶 光棍 独身 娶 嫁",
        "对象",
    ),
    "亲属": (
        "亲属 亲属关系 亲戚 亲子 直系亲属 父子 父女 母子 母女 夫妻 兄弟 姐妹 兄妹 姐弟 祖孙 爷孙 "
        "奶孙 外祖孙 婆媳 翁婿 叔侄 姑侄 舅甥 养父 养母 继父 继母 亲生 血缘",
        "关系",
    ),
    "户籍": (
        "户籍 户口 身份信息 身份 本地户口 户口所在地 籍贯 本地人 户籍地",
        "",
    ),
    "变更": (
        "变更 更正 更改 修改 曾用名 改名 改名字 改姓 改年龄 改生日 改民族 改过来 写错 登错 错了 户口登记",
        "改 民族",
    ),
    "养犬": ("养犬 养狗 犬 狗 狗证 宠物狗 犬只", ""),
    "犯罪": (
        "犯罪 无犯罪 犯罪记录 违法犯罪 违法 良民证 良民 前科 犯过罪 坐过牢 劳改 案底",
        "政审",
    ),
    "戒毒": ("戒毒 吸毒 社区康复 禁毒", "康复 表现"),
    "失踪": ("失踪 下落不明 走失 走丢 失联 联系不上 找不到人 离家出走 人找不到", ""),
    "出生": ("出生 出生日期 生日 出生地 出生医学证明 新生儿 刚出生 在家生", "上户口"),
    "疾病": (
        "疾病 生病 病情 看病 急诊 意外伤害 意外 受伤 住院 重病 大病 得病 患病 病假 车祸 病",
        "",
    ),
    "残疾": ("残疾 残疾人 伤残 残废 残障 瘫痪", ""),
    "婚育": (
        "婚育 生育 计生 计划生育 未育 独生子女 独生 一个孩子 一孩 生孩子 生过孩子 生小孩 二胎 三胎 怀孕 准生 结扎 节育",
        "",
    ),
    "就业": (
        "就业 失业 无业 待业 下岗 没工作 工作 上班 务工 劳动关系 灵活就业 在职 离职 打工",
        "",
    ),
    "档案": ("档案 人事档案 存档", ""),
    "财产": (
        "财产 经济状况 家庭经济 收入 低收入 工资 偿还能力 还款能力 房产 存款 投资 车辆 车 汽车 "
        "房子 房 无房 资产 银行流水 经济",
        "",
    ),
    "继承": ("继承 继承权 遗产 遗嘱 过户", ""),
    "住所": (
        "市场主体 住所 经营场所 营业场所 经营性用房 经营用房 扰民 无扰民 不扰民 开店 注册公司 "
        "住宅 开公司 场地 门面 商铺 个体户 个体工商户 工商户 注册地址 营业执照 办执照 开饭店",
        "",
    ),
    "公证": ("公证 公证处 办公证 公证员", ""),
    "诉讼": ("诉讼 代理人 诉讼代理 打官司 官司 推荐函 推荐 出庭 起诉", "法院"),
    "居住": (
        "居住 居租住 租住 住址 租房 暂住 住在 住这 住哪 现住址 实际居住 常住 学区 住",
        "入学 上学",
    ),
    "困难": (
        "困难 生活困难 家庭困难 经济困难 家庭经济困难 贫困 贫困户 低保 救助 特困 补助 助学金 困难户 "
        "建档立卡 五保 因病致贫 穷",
        "",
    ),
    "遗赠": ("遗赠 扶养 遗赠扶养 扶养协议 养老送终", ""),
    "家庭成员": ("家庭成员", ""),
    "遗失": ("丢 丢了 丢失 遗失 弄丢 搞丢 掉了 找不到了 被偷 被盗 不见了 补办 挂失", ""),
    "证件": ("证件", ""),
}

# Cards and booklets people lose: each says 证件 and, more loudly, what it is about (居住证 is
# about residence until the same sentence says it was lost). Never read before 明 (残疾证明).
DOCUMENT_WEIGHT, TOPIC_WEIGHT = 2, 5
DOCUMENTS: dict[str, str] = {
    "身份证": "户籍",
    "户口本": "户籍",
    "户口簿": "户籍",
    "户口薄": "户籍",
    "结婚证": "婚姻",
    "离婚证": "婚姻",
    "残疾证": "残疾",
    "残疾人证": "残疾",
    "出生证": "出生",
    "准生证": "婚育",
    "独生子女证": "婚育",
    "房产证": "财产",
    "房本": "财产",
    "行驶证": "财产",
    "居住证": "居住",
    "暂住证": "居住",
    "驾驶证": "",
    "驾照": "",
    "社保卡": "",
    "医保卡": "",
    "毕业证": "",
    "学位证": "",
    "护照": "",
    "军官证": "",
    "退伍证": "",
}

# A negated word that means another proof: 没去世 asks for 健在, not 死亡. Any other negated word
# keeps its sense: 没结婚 and 结婚 both ask about marriage, 没房 and 房产 both about property.
NEGATION = ("没有", "没", "未", "无", "不", "非", "从未", "从没")
NEGATED = {"死亡": "健在"}

# Two people named, or one and a relation ("我跟我爸的关系", "他是我儿子"): a kinship question.
PEOPLE = (
    "爸 妈 爸爸 妈妈 父亲 母亲 父母 儿子 女儿 子女 孩子 老公 老婆 丈夫 妻子 爱人 哥 姐 弟 妹 哥哥 姐姐 "
    "弟弟 妹妹 爷爷 奶奶 外公 外婆 姥姥 姥爷 孙子 孙女 外孙 叔叔 舅舅 姑姑 侄子 他 她"
)
KINSHIP_WEIGHT = 8
RELATION_WORDS = ("关系", "是我")

# Slips a pinyin keyboard does not explain (a look-alike character), fixed before reading.
# Homophones (健再, 婚因, 居主) are caught by sound instead, in catalogue.reading.
TYPOS = {"户藉": "户籍", "居往": "居住", "证名": "证明", "正明": "证明", "证眀": "证明"}

# Words around the name of a proof ("社区还给开居住证明吗?"): never a sense, never a fragment.
FILLER = (
    "证明 社区 村委会 居委会 村里 还要 还能 还给 需要 要求 可以 能不能 怎么 哪里 办理 开具 出具 开个 "
    "开 办 给 我 的 吗 呢 啊 吧 还 要 个 去 说 是 否 在 了 不 一下 请问 您好 你好 咨询 现在 什么"
)
