#!/usr/bin/env python3
"""Write a synthetic minsheng ``content/`` directory for benchmarks.

The output follows docs/content.md field for field: ``site.yaml``, ``districts.yaml``,
``departments.yaml``, ``categories.yaml``, ``plans/<id>.yaml`` and ``sources/<id>.txt``.
The text is built from the phrases real 民生实事 plans use (老旧小区改造, 幸福食堂, 新建、改扩建
中小学, 城镇新增就业 …) so substring searches hit as often as they would on real data.

The same arguments give the same bytes: one ``random.Random(seed)`` drives every choice, the
as-of date is fixed, and no set or hash order reaches the output.

Usage::

    benchmarks/generate.py --commitments 10000 --seed 1 --out /tmp/bench/content
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

AS_OF = "2025-09-30"
LAST_YEAR = 2025
MAX_YEARS = 15  # years per district before a district-year gets a second batch
MIN_PER_PLAN = 10
MAX_PER_PLAN = 60

# --------------------------------------------------------------------------------------------
# YAML output
# --------------------------------------------------------------------------------------------

# A scalar may be written plain when it starts with a CJK character and holds only characters
# that have no meaning in YAML's plain-scalar syntax; everything else is written as a JSON
# string, which is a valid YAML double-quoted scalar.
_PLAIN = re.compile(
    r"[\u4e00-\u9fff][\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e0-9A-Za-z“”‘’—…·%. \-]*"
)


@functools.lru_cache(maxsize=1 << 16)
def q(value: str) -> str:
    """Return ``value`` as a YAML scalar, plain when that is safe, else double-quoted."""
    if _PLAIN.fullmatch(value) and not value.endswith(" "):
        return value
    return json.dumps(value, ensure_ascii=False)


def flow_list(values: list[str]) -> str:
    return "[" + ", ".join(q(v) for v in values) + "]"


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

CATEGORIES: list[tuple[str, str, str, list[str]]] = [
    ("employment", "就业创业", "Employment", ["就业", "创业", "招聘", "技能培训", "公益性岗位"]),
    ("education", "教育", "Education", ["学校", "中小学", "幼儿园", "学位", "课后服务"]),
    ("health", "医疗卫生", "Health", ["医院", "卫生", "体检", "家庭医生", "筛查"]),
    ("elderly", "养老", "Elderly care", ["养老", "老年人", "幸福食堂", "助餐", "适老化"]),
    ("social-assistance", "社会救助", "Social assistance", ["低保", "救助", "特困", "困难群众"]),
    ("housing", "住房", "Housing", ["老旧小区", "保障性", "棚户区", "加装电梯", "住房"]),
    ("urban", "城市建设", "Urban development", ["道路", "管网", "公园", "停车", "背街小巷"]),
    ("transport", "交通", "Transport", ["公交", "农村公路", "断头路", "交通"]),
    ("environment", "生态环境", "Environment", ["污水", "清洁取暖", "黑臭水体", "垃圾分类"]),
    ("culture-sports", "文化体育", "Culture and sports", ["健身", "书房", "文化", "体育"]),
    ("public-safety", "公共安全", "Public safety", ["消防", "食品安全", "充电设施", "监控"]),
    ("government-services", "政务服务", "Government services", ["一网通办", "政务服务", "12345"]),
    ("rural", "乡村振兴", "Rural revitalisation", ["农村", "乡村", "高标准农田", "户厕"]),
    ("childcare", "托育", "Childcare", ["托育", "托位", "婴幼儿"]),
    ("disability", "助残", "Disability support", ["残疾人", "康复", "无障碍"]),
    ("other", "其他", "Other", []),
]
CATEGORY_NAME = {slug: name for slug, name, _en, _kw in CATEGORIES}

# (slug, short name, full name, core, categories it leads)
DEPARTMENTS: list[tuple[str, str, str, bool, tuple[str, ...]]] = [
    ("renshe", "人社局", "人力资源和社会保障局", True, ("employment",)),
    ("jiaoyu", "教育局", "教育局", True, ("education",)),
    ("weijian", "卫健局", "卫生健康局", True, ("health", "childcare", "elderly")),
    ("minzheng", "民政局", "民政局", True, ("elderly", "social-assistance", "other")),
    ("zhujian", "住建局", "住房和城乡建设局", True, ("housing", "urban")),
    ("jiaotong", "交通运输局", "交通运输局", True, ("transport",)),
    ("shengtai", "生态环境分局", "生态环境分局", True, ("environment",)),
    ("wenlv", "文旅局", "文化广电和旅游局", True, ("culture-sports",)),
    ("tiyu", "体育局", "体育事业发展中心", False, ("culture-sports",)),
    ("gongan", "公安分局", "公安分局", True, ("public-safety",)),
    ("yingji", "应急局", "应急管理局", True, ("public-safety",)),
    ("zhengshu", "政数局", "政务服务和数字化局", True, ("government-services",)),
    ("nongye", "农业农村局", "农业农村局", True, ("rural",)),
    ("canlian", "残联", "残疾人联合会", True, ("disability",)),
    ("fulian", "妇联", "妇女联合会", False, ("childcare",)),
    ("caizheng", "财政局", "财政局", True, ()),
    ("fagai", "发改局", "发展和改革局", True, ()),
    ("ziranziyuan", "自然资源局", "自然资源局", True, ("urban",)),
    ("chengguan", "城管局", "城市管理局", True, ("urban", "environment")),
    ("shuiwu", "水务局", "水务局", False, ("urban", "rural", "environment")),
    ("shichang", "市场监管局", "市场监督管理局", True, ("public-safety",)),
    ("yibao", "医保局", "医疗保障局", False, ("health",)),
    ("tuijun", "退役军人事务局", "退役军人事务局", False, ("other", "employment")),
    ("gongxin", "工信局", "工业和信息化局", False, ("employment",)),
    ("shangwu", "商务局", "商务局", False, ("other",)),
    ("sifa", "司法局", "司法局", False, ("public-safety",)),
    ("xinfang", "信访局", "信访局", False, ("government-services",)),
    ("zonggonghui", "总工会", "总工会", False, ("employment",)),
    ("tuanwei", "团区委", "共青团委员会", False, ("employment",)),
    ("kexie", "科协", "科学技术协会", False, ("culture-sports",)),
    ("xuanchuan", "宣传部", "委宣传部", False, ("culture-sports", "other")),
    ("zhengfa", "政法委", "委政法委", False, ("public-safety",)),
    ("jiguan", "机关事务局", "机关事务管理局", False, ()),
    ("tongji", "统计局", "统计局", False, ()),
    ("linye", "林业局", "林业和草原局", False, ("environment", "rural")),
    ("xiangcun", "乡村振兴局", "乡村振兴局", False, ("rural",)),
    ("xiaofang", "消防救援大队", "消防救援大队", False, ("public-safety",)),
    ("hongshizi", "红十字会", "红十字会", False, ("health",)),
    ("dangan", "档案馆", "档案馆", False, ()),
    ("renmin-yiyuan", "人民医院", "人民医院", False, ("health",)),
    ("zhongyiyuan", "中医院", "中医院", False, ("health",)),
    ("fuyou", "妇幼保健院", "妇幼保健院", False, ("health", "childcare")),
    ("gongdian", "供电公司", "供电公司", False, ("urban",)),
    ("ranqi", "燃气公司", "燃气公司", False, ("urban",)),
    ("gongjiao", "公交公司", "公交集团公司", False, ("transport",)),
    ("chengtou", "城投公司", "城市建设投资有限公司", False, ("urban", "housing")),
]

CITIES: list[tuple[str, str, str]] = [
    ("changchun", "长春市", "吉林省"),
    ("jilin", "吉林市", "吉林省"),
    ("shenyang", "沈阳市", "辽宁省"),
    ("dalian", "大连市", "辽宁省"),
    ("haerbin", "哈尔滨市", "黑龙江省"),
    ("shijiazhuang", "石家庄市", "河北省"),
    ("taiyuan", "太原市", "山西省"),
    ("jinan", "济南市", "山东省"),
    ("qingdao", "青岛市", "山东省"),
    ("zhengzhou", "郑州市", "河南省"),
    ("luoyang", "洛阳市", "河南省"),
    ("wuhan", "武汉市", "湖北省"),
    ("changsha", "长沙市", "湖南省"),
    ("nanchang", "南昌市", "江西省"),
    ("hefei", "合肥市", "安徽省"),
    ("nanjing", "南京市", "江苏省"),
    ("suzhou", "苏州市", "江苏省"),
    ("hangzhou", "杭州市", "浙江省"),
    ("ningbo", "宁波市", "浙江省"),
    ("fuzhou", "福州市", "福建省"),
    ("guangzhou", "广州市", "广东省"),
    ("nanning", "南宁市", "广西壮族自治区"),
    ("chengdu", "成都市", "四川省"),
    ("chongqing", "重庆市", "重庆市"),
    ("guiyang", "贵阳市", "贵州省"),
    ("kunming", "昆明市", "云南省"),
    ("xian", "西安市", "陕西省"),
    ("lanzhou", "兰州市", "甘肃省"),
]

# (slug part, name stem); the level decides the suffix.
DISTRICT_STEMS: list[tuple[str, str]] = [
    ("lvyuan", "绿园"),
    ("chaoyang", "朝阳"),
    ("nanguan", "南关"),
    ("kuancheng", "宽城"),
    ("erdao", "二道"),
    ("shuangyang", "双阳"),
    ("jiutai", "九台"),
    ("xinan", "西安"),
    ("heping", "和平"),
    ("dadong", "大东"),
    ("huanggu", "皇姑"),
    ("tiexi", "铁西"),
    ("hunnan", "浑南"),
    ("yuhong", "于洪"),
    ("sujiatun", "苏家屯"),
    ("shenbei", "沈北"),
    ("lixia", "历下"),
    ("shizhong", "市中"),
    ("huaiyin", "槐荫"),
    ("tianqiao", "天桥"),
    ("licheng", "历城"),
    ("changqing", "长清"),
    ("zhangqiu", "章丘"),
    ("jiyang", "济阳"),
    ("jiangan", "江岸"),
    ("jianghan", "江汉"),
    ("qiaokou", "硚口"),
    ("hanyang", "汉阳"),
    ("wuchang", "武昌"),
    ("qingshan", "青山"),
    ("hongshan", "洪山"),
    ("caidian", "蔡甸"),
]
LEVELS: list[tuple[str, str, int]] = [
    ("district", "区", 60),
    ("county", "县", 20),
    ("county_city", "市", 10),
    ("new_area", "新区", 5),
    ("development_zone", "开发区", 5),
]

SYL = list("青绿和平新东西南北长安兴华春明光宁阳福康泰丰民乐文德永建胜红朝金银松柏")

SCOPES_BY_LEVEL = {
    "district": ["各街道", "各镇", "各开发区"],
    "county": ["各乡镇", "各园区"],
    "county_city": ["各镇街", "各乡镇"],
    "new_area": ["各街道", "各功能区"],
    "development_zone": ["各街道", "各园区"],
}

CN_NUM = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    if n <= 10:
        return CN_NUM[n - 1]
    if n < 20:
        return "十" + CN_NUM[n - 11]
    tens, ones = divmod(n, 10)
    return CN_NUM[tens - 1] + "十" + (CN_NUM[ones - 1] if ones else "")


# --------------------------------------------------------------------------------------------
# Commitment templates
# --------------------------------------------------------------------------------------------

# A number slot is (low, high, step); {p} slots are percentages. Place slots ({street},
# {community}, {xiaoqu}, {road}, {town}, {school}, {hospital}, {river}) are names built from
# syllables. A target spec is (label, slot, unit, comparator, text).
Target = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class Template:
    title: str
    text: str
    nums: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    targets: tuple[Target, ...] = ()


def T(
    title: str, text: str, targets: tuple[Target, ...] = (), **nums: tuple[int, int, int]
) -> Template:
    return Template(title, text, nums, targets)


TEMPLATES: dict[str, list[Template]] = {
    "employment": [
        T(
            "稳定和扩大就业",
            "城镇新增就业{a}人，农村劳动力转移就业{b}人次以上，保持零就业家庭动态清零。",
            (
                ("城镇新增就业", "a", "人", "=", "{a}人"),
                ("农村劳动力转移就业", "b", "人次", ">=", "{b}人次以上"),
            ),
            a=(2000, 15000, 100),
            b=(100, 3000, 50),
        ),
        T(
            "职业技能培训",
            "开展职业技能培训{a}人次，其中高校毕业生、退役军人等重点群体{b}人次。",
            (("职业技能培训", "a", "人次", "=", "{a}人次"),),
            a=(500, 8000, 100),
            b=(100, 2000, 50),
        ),
        T(
            "创业担保贷款",
            "发放创业担保贷款{a}万元，扶持创业{b}人，带动就业{c}人。",
            (("创业担保贷款", "a", "万元", "=", "{a}万元"), ("扶持创业", "b", "人", "=", "{b}人")),
            a=(500, 20000, 100),
            b=(50, 800, 10),
            c=(200, 3000, 50),
        ),
        T(
            "举办招聘活动",
            "举办线上线下招聘会{a}场，提供就业岗位{b}个以上。",
            (("招聘会", "a", "场", "=", "{a}场"), ("就业岗位", "b", "个", ">=", "{b}个以上")),
            a=(10, 120, 1),
            b=(2000, 30000, 500),
        ),
        T(
            "开发公益性岗位",
            "开发城乡公益性岗位{a}个，托底安置就业困难人员。",
            (("公益性岗位", "a", "个", "=", "{a}个"),),
            a=(50, 1500, 10),
        ),
        T("建设零工市场", "建设{street}零工市场，为灵活就业人员提供岗位对接和技能培训服务。"),
    ],
    "education": [
        T(
            "新建改扩建中小学",
            "新建、改扩建中小学{a}所，新增学位{b}个。",
            (("新建改扩建中小学", "a", "所", "=", "{a}所"), ("新增学位", "b", "个", "=", "{b}个")),
            a=(1, 12, 1),
            b=(500, 12000, 90),
        ),
        T(
            "改扩建{school}",
            "改扩建{school}，新增建筑面积{a}平方米，新增学位{b}个。",
            (
                ("新增建筑面积", "a", "平方米", "=", "{a}平方米"),
                ("新增学位", "b", "个", "=", "{b}个"),
            ),
            a=(2000, 30000, 100),
            b=(270, 2700, 45),
        ),
        T(
            "新建公办幼儿园",
            "新建公办幼儿园{a}所，新增普惠性学位{b}个，普惠性幼儿园覆盖率达到{p}%以上。",
            (
                ("新建公办幼儿园", "a", "所", "=", "{a}所"),
                ("普惠性幼儿园覆盖率", "p", "%", ">=", "{p}%以上"),
            ),
            a=(1, 8, 1),
            b=(180, 2400, 30),
            p=(85, 95, 1),
        ),
        T(
            "{school}校区改扩建",
            "实施{school}新校区改扩建工程，新增学位{b}个。",
            (("新增学位", "b", "个", "=", "{b}个"),),
            b=(450, 3000, 45),
        ),
        T(
            "智慧教室建设",
            "为{a}所中小学校更新教学设备，完成智慧教室建设{b}间。",
            (("智慧教室", "b", "间", "=", "{b}间"),),
            a=(5, 60, 1),
            b=(20, 600, 10),
        ),
        T(
            "校园食堂提升改造",
            "实施中小学校园食堂提升改造{a}所，推进“明厨亮灶”全覆盖。",
            (("校园食堂改造", "a", "所", "=", "{a}所"),),
            a=(3, 40, 1),
        ),
        T(
            "课后延时服务",
            "开展课后延时服务，覆盖义务教育学校{a}所，参与学生{b}人。",
            (),
            a=(10, 120, 1),
            b=(3000, 80000, 500),
        ),
    ],
    "health": [
        T(
            "社区卫生服务中心建设",
            "新建、改扩建社区卫生服务中心{a}个，村卫生室标准化建设{b}个。",
            (("社区卫生服务中心", "a", "个", "=", "{a}个"),),
            a=(1, 10, 1),
            b=(5, 80, 1),
        ),
        T(
            "老年人免费体检",
            "为{a}名65岁以上老年人免费体检。",
            (("老年人免费体检", "a", "人", ">=", "{a}人"),),
            a=(5000, 90000, 500),
        ),
        T(
            "两癌免费筛查",
            "开展适龄妇女“两癌”免费筛查{a}人。",
            (("两癌筛查", "a", "人", "=", "{a}人"),),
            a=(2000, 40000, 500),
        ),
        T(
            "{hospital}改扩建",
            "推进{hospital}改扩建工程，新增床位{a}张。",
            (("新增床位", "a", "张", "=", "{a}张"),),
            a=(50, 800, 10),
        ),
        T(
            "家庭医生签约服务",
            "组建家庭医生签约服务团队{a}个，重点人群签约率达到{p}%以上。",
            (("重点人群签约率", "p", "%", ">=", "{p}%以上"),),
            a=(20, 300, 5),
            p=(70, 90, 1),
        ),
        T(
            "急救能力提升",
            "新建胸痛中心、卒中中心各1个，新增急救站点{a}个，提升院前急救能力。",
            (),
            a=(1, 8, 1),
        ),
    ],
    "elderly": [
        T(
            "新建幸福食堂",
            "新建幸福食堂{a}个，为{b}名60岁以上老年人提供助餐服务。",
            (("新建幸福食堂", "a", "个", "=", "{a}个"), ("助餐服务", "b", "人", ">=", "{b}人")),
            a=(2, 40, 1),
            b=(500, 20000, 100),
        ),
        T(
            "社区养老服务站",
            "新建社区养老服务站{a}个，改造提升{street}养老服务中心。",
            (("社区养老服务站", "a", "个", "=", "{a}个"),),
            a=(2, 30, 1),
        ),
        T(
            "适老化改造",
            "为{a}户特殊困难老年人家庭实施适老化改造。",
            (("适老化改造", "a", "户", "=", "{a}户"),),
            a=(100, 3000, 10),
        ),
        T(
            "新增养老床位",
            "新增养老床位{a}张，护理型床位占比达到{p}%。",
            (("新增养老床位", "a", "张", "=", "{a}张"), ("护理型床位占比", "p", "%", ">=", "{p}%")),
            a=(100, 2000, 10),
            p=(55, 70, 1),
        ),
        T(
            "发放高龄津贴",
            "为80周岁以上老年人发放高龄津贴，惠及{a}人。",
            (("高龄津贴", "a", "人", "~", "约{a}人"),),
            a=(2000, 40000, 100),
        ),
        T(
            "嵌入式养老服务综合体",
            "在{community}建设嵌入式养老服务综合体，提供日间照料、助餐助浴等养老服务。",
        ),
    ],
    "social-assistance": [
        T(
            "提高低保标准",
            "提高城乡低保标准，城市低保标准提高到每人每月{a}元，农村低保标准提高到每人每年{b}元。",
            (
                ("城市低保标准", "a", "元/人·月", "=", "每人每月{a}元"),
                ("农村低保标准", "b", "元/人·年", "=", "每人每年{b}元"),
            ),
            a=(600, 1200, 10),
            b=(4800, 9600, 120),
        ),
        T(
            "临时救助",
            "为困难群众发放临时救助金{a}万元，救助{b}人次。",
            (("临时救助金", "a", "万元", "=", "{a}万元"),),
            a=(50, 2000, 10),
            b=(200, 8000, 50),
        ),
        T(
            "特困人员供养",
            "将特困人员基本生活标准提高到每人每月{a}元。",
            (("特困人员基本生活标准", "a", "元/人·月", "=", "{a}元"),),
            a=(800, 1600, 10),
        ),
        T("困境儿童保障", "为困境儿童、孤儿发放基本生活费，惠及{a}人。", (), a=(50, 2000, 10)),
        T(
            "冬季送温暖",
            "开展“冬季送温暖”活动，为{a}户困难家庭发放取暖补贴。",
            (("取暖补贴", "a", "户", "=", "{a}户"),),
            a=(200, 6000, 50),
        ),
    ],
    "housing": [
        T(
            "老旧小区改造",
            "实施老旧小区改造{a}个，惠及居民{b}户，改造面积{c}万平方米。",
            (("老旧小区改造", "a", "个", "=", "{a}个"), ("惠及居民", "b", "户", "=", "{b}户")),
            a=(5, 120, 1),
            b=(1000, 30000, 100),
            c=(10, 300, 1),
        ),
        T(
            "{xiaoqu}等老旧小区改造",
            "完成{xiaoqu}等{a}个老旧小区改造，加装电梯{b}部。",
            (("老旧小区改造", "a", "个", "=", "{a}个"), ("加装电梯", "b", "部", "=", "{b}部")),
            a=(3, 60, 1),
            b=(5, 200, 1),
        ),
        T(
            "保障性租赁住房",
            "筹集保障性租赁住房{a}套（间）。",
            (("保障性租赁住房", "a", "套", "=", "{a}套（间）"),),
            a=(200, 8000, 50),
        ),
        T(
            "棚户区改造",
            "实施棚户区改造{a}户，开工建设安置房{b}套。",
            (("棚户区改造", "a", "户", "=", "{a}户"),),
            a=(100, 5000, 50),
            b=(100, 4000, 50),
        ),
        T(
            "住房租赁补贴",
            "为{a}户城镇住房困难家庭发放租赁补贴。",
            (("租赁补贴", "a", "户", "=", "{a}户"),),
            a=(100, 3000, 10),
        ),
        T(
            "老旧小区加装电梯",
            "推进老旧小区加装电梯{a}部。",
            (("加装电梯", "a", "部", ">=", "{a}部以上"),),
            a=(10, 300, 1),
        ),
    ],
    "urban": [
        T(
            "市政道路建设",
            "新建、改造{road}等市政道路{a}条，总长度{b}公里。",
            (("市政道路", "a", "条", "=", "{a}条"), ("道路长度", "b", "公里", "=", "{b}公里")),
            a=(2, 30, 1),
            b=(3, 80, 1),
        ),
        T(
            "城市公园建设",
            "新建、改造城市公园{a}个，新增绿地面积{b}万平方米。",
            (("城市公园", "a", "个", "=", "{a}个"),),
            a=(1, 15, 1),
            b=(2, 80, 1),
        ),
        T(
            "老旧管网改造",
            "改造老旧供水管网{a}公里、燃气管网{b}公里、供热管网{c}公里。",
            (
                ("供水管网", "a", "公里", "=", "{a}公里"),
                ("燃气管网", "b", "公里", "=", "{b}公里"),
                ("供热管网", "c", "公里", "=", "{c}公里"),
            ),
            a=(5, 120, 1),
            b=(5, 100, 1),
            c=(5, 100, 1),
        ),
        T(
            "停车泊位和充电桩",
            "新建城市停车泊位{a}个，新建公共充电桩{b}个。",
            (("停车泊位", "a", "个", "=", "{a}个"), ("公共充电桩", "b", "个", "=", "{b}个")),
            a=(500, 10000, 100),
            b=(50, 2000, 10),
        ),
        T(
            "背街小巷改造",
            "完成{street}背街小巷改造{a}条。",
            (("背街小巷", "a", "条", "=", "{a}条"),),
            a=(5, 120, 1),
        ),
        T(
            "老城区改扩建",
            "推进老城区改扩建，完成{road}等{a}条街道沿街立面整治。",
            (("沿街立面整治", "a", "条", "=", "{a}条"),),
            a=(2, 30, 1),
        ),
        T(
            "公共厕所建设",
            "新建、改造公共厕所{a}座。",
            (("公共厕所", "a", "座", "=", "{a}座"),),
            a=(5, 80, 1),
        ),
    ],
    "transport": [
        T(
            "农村公路建设",
            "新建、改建农村公路{a}公里，实施危桥改造{b}座。",
            (("农村公路", "a", "公里", "=", "{a}公里"), ("危桥改造", "b", "座", "=", "{b}座")),
            a=(10, 300, 1),
            b=(1, 30, 1),
        ),
        T(
            "优化公交线路",
            "新开、优化公交线路{a}条，新增公交站亭{b}个。",
            (("公交线路", "a", "条", "=", "{a}条"),),
            a=(2, 30, 1),
            b=(10, 200, 5),
        ),
        T(
            "打通断头路",
            "打通{road}等断头路{a}条。",
            (("断头路", "a", "条", "=", "{a}条"),),
            a=(1, 20, 1),
        ),
        T(
            "拥堵点治理",
            "实施{road}交通拥堵点治理，改造交叉口{a}处。",
            (("改造交叉口", "a", "处", "=", "{a}处"),),
            a=(2, 40, 1),
        ),
        T("城乡客运一体化", "建设城乡客运一体化示范线路{a}条。", (), a=(1, 12, 1)),
    ],
    "environment": [
        T(
            "清洁取暖改造",
            "完成{a}户居民清洁取暖改造。",
            (("清洁取暖改造", "a", "户", "=", "{a}户"),),
            a=(500, 30000, 100),
        ),
        T(
            "污水管网建设",
            "新建、改造污水管网{a}公里，城市生活污水集中收集率达到{p}%。",
            (("污水管网", "a", "公里", "=", "{a}公里"), ("污水集中收集率", "p", "%", ">=", "{p}%")),
            a=(5, 150, 1),
            p=(70, 95, 1),
        ),
        T(
            "黑臭水体治理",
            "治理{river}黑臭水体{a}公里。",
            (("黑臭水体", "a", "公里", "=", "{a}公里"),),
            a=(1, 30, 1),
        ),
        T(
            "植树造林",
            "完成植树造林{a}亩，新增口袋公园{b}个。",
            (("植树造林", "a", "亩", "=", "{a}亩"), ("口袋公园", "b", "个", "=", "{b}个")),
            a=(500, 30000, 100),
            b=(2, 40, 1),
        ),
        T(
            "垃圾分类",
            "推进生活垃圾分类，新建垃圾分类投放点{a}个，覆盖{b}个小区。",
            (("垃圾分类投放点", "a", "个", "=", "{a}个"),),
            a=(50, 2000, 10),
            b=(20, 600, 5),
        ),
        T(
            "空气质量改善",
            "空气质量优良天数比例达到{p}%以上。",
            (("空气质量优良天数比例", "p", "%", ">=", "{p}%以上"),),
            p=(75, 92, 1),
        ),
    ],
    "culture-sports": [
        T(
            "全民健身场地",
            "新建、改造全民健身场地{a}个，更新健身路径{b}套。",
            (("全民健身场地", "a", "个", "=", "{a}个"),),
            a=(5, 120, 1),
            b=(10, 300, 5),
        ),
        T(
            "城市书房",
            "建设城市书房{a}个，新增图书{b}万册。",
            (("城市书房", "a", "个", "=", "{a}个"),),
            a=(1, 20, 1),
            b=(1, 30, 1),
        ),
        T(
            "文化惠民演出",
            "开展文化惠民演出{a}场次，送戏下乡{b}场。",
            (("文化惠民演出", "a", "场次", ">=", "{a}场次"),),
            a=(20, 600, 10),
            b=(10, 300, 5),
        ),
        T("{street}社区体育公园", "新建{street}社区体育公园，建设笼式足球场、篮球场等设施。"),
        T("体育场馆开放", "推动学校体育场馆向社会开放{a}所。", (), a=(5, 80, 1)),
    ],
    "public-safety": [
        T(
            "电动自行车充电设施",
            "在{a}个老旧小区安装电动自行车充电设施，建设充电端口{b}个。",
            (("充电端口", "b", "个", "=", "{b}个"),),
            a=(10, 200, 1),
            b=(500, 20000, 100),
        ),
        T(
            "消防站建设",
            "新建、改造消防站{a}座，配备消防车辆{b}辆。",
            (("消防站", "a", "座", "=", "{a}座"),),
            a=(1, 6, 1),
            b=(2, 20, 1),
        ),
        T(
            "食品安全抽检",
            "对{a}家食品生产经营单位开展食品安全抽检{b}批次。",
            (("食品安全抽检", "b", "批次", ">=", "{b}批次"),),
            a=(200, 5000, 50),
            b=(500, 8000, 100),
        ),
        T(
            "智能烟感报警器",
            "为独居老人家庭安装智能烟感报警器{a}个。",
            (("智能烟感报警器", "a", "个", "=", "{a}个"),),
            a=(200, 10000, 100),
        ),
        T(
            "易涝点改造",
            "完成{a}处城市易涝点改造。",
            (("易涝点改造", "a", "处", "=", "{a}处"),),
            a=(2, 40, 1),
        ),
        T("公共视频监控", "新建公共视频监控点位{a}个。", (), a=(100, 5000, 50)),
    ],
    "government-services": [
        T(
            "一网通办",
            "推进“一网通办”，政务服务事项网上可办率达到{p}%。",
            (("网上可办率", "p", "%", ">=", "{p}%"),),
            p=(90, 99, 1),
        ),
        T(
            "便民服务中心",
            "新建、改造{a}个街道（乡镇）便民服务中心，实现“就近办”。",
            (),
            a=(2, 20, 1),
        ),
        T(
            "高效办成一件事",
            "推出“高效办成一件事”集成服务{a}项。",
            (("集成服务", "a", "项", "=", "{a}项"),),
            a=(5, 40, 1),
        ),
        T(
            "12345热线",
            "12345热线工单按时办结率达到{p}%以上。",
            (("按时办结率", "p", "%", ">=", "{p}%以上"),),
            p=(90, 99, 1),
        ),
        T("自助终端", "在{a}个社区设立政务服务自助终端。", (), a=(10, 200, 1)),
    ],
    "rural": [
        T(
            "高标准农田建设",
            "建设高标准农田{a}万亩。",
            (("高标准农田", "a", "万亩", "=", "{a}万亩"),),
            a=(1, 30, 1),
        ),
        T(
            "农村户厕改造",
            "完成农村户厕改造{a}户。",
            (("农村户厕改造", "a", "户", "=", "{a}户"),),
            a=(500, 20000, 100),
        ),
        T(
            "农村供水工程",
            "新建、改造农村供水工程{a}处，受益人口{b}人。",
            (("农村供水工程", "a", "处", "=", "{a}处"),),
            a=(2, 60, 1),
            b=(2000, 80000, 500),
        ),
        T(
            "美丽乡村示范村",
            "打造美丽乡村示范村{a}个。",
            (("美丽乡村示范村", "a", "个", "=", "{a}个"),),
            a=(2, 30, 1),
        ),
        T("人居环境整治", "实施{town}等{a}个村的人居环境整治提升。", (), a=(5, 80, 1)),
        T(
            "壮大村级集体经济",
            "发展壮大村级集体经济，集体经济收入超过{b}万元的村达到{a}个。",
            (("集体经济强村", "a", "个", ">=", "{a}个"),),
            a=(5, 80, 1),
            b=(10, 100, 10),
        ),
    ],
    "childcare": [
        T(
            "新增普惠性托位",
            "新增普惠性托位{a}个，每千人口拥有3岁以下婴幼儿托位数达到{p}个。",
            (("普惠性托位", "a", "个", "=", "{a}个"),),
            a=(100, 3000, 10),
            p=(3, 6, 1),
        ),
        T(
            "社区嵌入式托育",
            "新建社区嵌入式托育服务点{a}个。",
            (("托育服务点", "a", "个", "=", "{a}个"),),
            a=(2, 30, 1),
        ),
        T("用人单位托育试点", "在{a}家用人单位开展托育服务试点。", (), a=(2, 20, 1)),
        T("科学育儿指导", "为{a}名0至3岁婴幼儿家庭提供科学育儿指导服务。", (), a=(500, 20000, 100)),
    ],
    "disability": [
        T(
            "残疾人康复服务",
            "为{a}名残疾人提供基本康复服务，辅助器具适配{b}件。",
            (("基本康复服务", "a", "人", "=", "{a}人"),),
            a=(200, 8000, 50),
            b=(100, 3000, 10),
        ),
        T(
            "无障碍改造",
            "完成{a}户困难重度残疾人家庭无障碍改造。",
            (("无障碍改造", "a", "户", "=", "{a}户"),),
            a=(50, 1500, 10),
        ),
        T("残疾儿童康复救助", "为{a}名残疾儿童提供康复救助。", (), a=(30, 1500, 10)),
        T(
            "残疾人之家",
            "新建残疾人之家{a}个，提供日间照料、辅助性就业服务。",
            (("残疾人之家", "a", "个", "=", "{a}个"),),
            a=(1, 15, 1),
        ),
        T(
            "残疾人两项补贴",
            "发放困难残疾人生活补贴和重度残疾人护理补贴，惠及{a}人。",
            (),
            a=(1000, 30000, 100),
        ),
    ],
    "other": [
        T("我为群众办实事", "开展“我为群众办实事”实践活动{a}场次。", (), a=(20, 500, 10)),
        T("新时代文明实践站", "建设{street}新时代文明实践站，开展志愿服务活动。"),
        T(
            "农贸市场改扩建",
            "在城区改扩建农贸市场{a}个，新建社区便民菜店{b}个。",
            (("农贸市场改扩建", "a", "个", "=", "{a}个"),),
            a=(1, 8, 1),
            b=(5, 60, 1),
        ),
        T("优抚对象优待金", "为{a}名退役军人及其他优抚对象发放优待金。", (), a=(200, 8000, 50)),
        T(
            "社区综合服务设施",
            "新建{a}个社区综合服务设施，每个面积不少于{b}平方米。",
            (("社区综合服务设施", "a", "个", "=", "{a}个"),),
            a=(2, 30, 1),
            b=(300, 1000, 50),
        ),
    ],
}

TAILS: dict[str, list[str]] = {
    "employment": ["确保就业局势总体稳定", "帮助困难群体实现就业"],
    "education": ["进一步缓解“入学难”问题", "促进义务教育优质均衡发展"],
    "health": ["让群众就近享有优质医疗服务", "提升基层医疗服务能力"],
    "elderly": ["让老年人就近享受养老服务", "提升居家社区养老服务水平"],
    "social-assistance": ["兜牢民生底线", "确保困难群众基本生活"],
    "housing": ["改善群众居住条件", "提升小区居住品质"],
    "urban": ["提升城市功能品质", "方便群众出行"],
    "transport": ["方便群众出行", "提升公共交通服务水平"],
    "environment": ["持续改善生态环境质量", "打好污染防治攻坚战"],
    "culture-sports": ["丰富群众精神文化生活", "满足群众健身需求"],
    "public-safety": ["守护群众生命财产安全", "提升城市安全韧性"],
    "government-services": ["让群众少跑腿", "提升政务服务效能"],
    "rural": ["推动乡村全面振兴", "改善农村人居环境"],
    "childcare": ["缓解群众“带娃难”问题", "构建普惠托育服务体系"],
    "disability": ["保障残疾人基本权益", "提升残疾人生活质量"],
    "other": ["增进民生福祉", "提升群众获得感幸福感安全感"],
}

SECTION_STYLES = ["{n}、{name}方面", "（{n}）{name}", "{n}、{name}类项目", "{n}、提升{name}水平"]

NOTES_BY_STATUS = {
    "not_started": ["项目正在开展前期工作。", "正在进行立项审批。", "资金已落实，尚未开工。"],
    "on_track": ["项目已开工建设。", "正在进行招标。", "已完成主体施工。", "按计划推进中。"],
    "behind": ["受资金影响进度滞后。", "因选址调整进度滞后。", "部分项目尚未开工。"],
    "completed": ["已完成年度目标任务。", "项目已全部完工并投入使用。", "已通过竣工验收。"],
    "adjusted": [
        "根据实际情况调整实施地点。",
        "经区政府常务会议研究，调整建设内容。",
        "因规划调整，项目暂缓实施。",
    ],
}

# --------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------


@dataclass
class District:
    slug: str
    name: str
    full_name: str
    parent: str
    level: str
    prefix: str  # 区 / 县 / 市 …, used in department names
    abbr: str  # document number abbreviation, e.g. 长绿
    departments: list[tuple[str, str, list[str]]]  # (slug, canonical name, aliases)
    scopes: list[str]
    streets: list[str]
    lead_by_category: dict[str, list[int]]


@dataclass
class PlanSlot:
    district: District
    year: int
    batch: int
    plan_id: str


@dataclass
class Stats:
    commitments: int = 0
    plans: int = 0
    districts: int = 0
    departments: int = 0
    files: int = 0
    bytes: int = 0


def make_districts(rng: random.Random, count: int) -> list[District]:
    combos = [(c, s) for c in CITIES for s in DISTRICT_STEMS]
    rng.shuffle(combos)
    level_pool = [lv for lv in LEVELS for _ in range(lv[2])]
    districts: list[District] = []
    for (city_slug, city_name, province), (stem_slug, stem) in combos[:count]:
        level, suffix, _w = rng.choice(level_pool)
        name = stem + suffix
        prefix = {
            "district": "区",
            "county": "县",
            "county_city": "市",
            "new_area": "新区",
            "development_zone": "开发区",
        }[level]
        slug = f"{city_slug}-{stem_slug}"
        core = [d for d in DEPARTMENTS if d[3]]
        optional = [d for d in DEPARTMENTS if not d[3]]
        picked = core + rng.sample(optional, rng.randint(19, min(25, len(optional))))
        picked.sort(key=lambda d: DEPARTMENTS.index(d))
        departments: list[tuple[str, str, list[str]]] = []
        for dslug, short, full, _core, _cats in picked:
            canonical = prefix + short
            aliases = [short]
            if full != short:
                aliases.append(prefix + full)
            departments.append((dslug, canonical, aliases))
        lead_by_category: dict[str, list[int]] = {}
        for i, d in enumerate(picked):
            for cat in d[4]:
                lead_by_category.setdefault(cat, []).append(i)
        streets = sorted({rng.choice(SYL) + rng.choice(SYL) for _ in range(12)})
        districts.append(
            District(
                slug=slug,
                name=name,
                full_name=city_name + name,
                parent=province + city_name if province != city_name else city_name,
                level=level,
                prefix=prefix,
                abbr=city_name[0] + stem[0],
                departments=departments,
                scopes=SCOPES_BY_LEVEL[level][: rng.randint(1, 2)],
                streets=streets,
                lead_by_category=lead_by_category,
            )
        )
    return districts


def plan_sizes(rng: random.Random, total: int) -> list[int]:
    """Split ``total`` commitments into plans of 10–60 (fewer only when total < 10)."""
    if total <= MAX_PER_PLAN:
        return [total] if total else []
    sizes: list[int] = []
    left = total
    while left > 0:
        size = min(left, rng.randint(MIN_PER_PLAN, MAX_PER_PLAN))
        sizes.append(size)
        left -= size
    if sizes[-1] < MIN_PER_PLAN and len(sizes) > 1:
        rest = sizes.pop()
        for i in range(len(sizes)):
            room = MAX_PER_PLAN - sizes[i]
            take = min(room, rest)
            sizes[i] += take
            rest -= take
            if not rest:
                break
        if rest:
            sizes.append(rest)
    return sizes


def place(rng: random.Random, d: District, kind: str) -> str:
    stem = rng.choice(d.streets)
    if kind == "street":
        return stem + "街道"
    if kind == "community":
        return stem + "社区"
    if kind == "xiaoqu":
        return stem + rng.choice(["小区", "花园", "家园", "里", "新村"])
    if kind == "road":
        return stem + rng.choice(["路", "大街", "大路", "街"])
    if kind == "town":
        return stem + rng.choice(["镇", "乡"])
    if kind == "school":
        return (
            d.name
            + rng.choice(["第一", "第二", "第三", "实验", stem])
            + rng.choice(["小学", "中学", "初级中学", "九年一贯制学校"])
        )
    if kind == "hospital":
        return d.prefix + rng.choice(["人民医院", "中医院", "妇幼保健院"])
    if kind == "river":
        return stem + "河"
    raise ValueError(kind)


_SLOT = re.compile(r"\{(\w+)\}")
_PLACE_KINDS = {"street", "community", "xiaoqu", "road", "town", "school", "hospital", "river"}


def fill(rng: random.Random, d: District, tpl: Template) -> tuple[str, str, list[str]]:
    """Fill a template; return (title, text, target lines)."""
    values: dict[str, str] = {}
    numbers: dict[str, int] = {}
    for slot, (low, high, step) in tpl.nums.items():
        n = rng.randrange(low, high + 1, step)
        numbers[slot] = n
        values[slot] = str(n)

    def sub(m: re.Match[str]) -> str:
        key = m.group(1)
        if key not in values:
            values[key] = place(rng, d, key) if key in _PLACE_KINDS else key
        return values[key]

    text = _SLOT.sub(sub, tpl.text)
    title = _SLOT.sub(sub, tpl.title)
    targets: list[str] = []
    for label, slot, unit, comparator, ttext in tpl.targets:
        targets.append(
            "      - {label: "
            + q(label)
            + ", value: "
            + str(numbers[slot])
            + ", unit: "
            + q(unit)
            + ", comparator: "
            + json.dumps(comparator)
            + ", text: "
            + q(_SLOT.sub(sub, ttext))
            + "}"
        )
    return title, text, targets


def write_plan(
    rng: random.Random, slot: PlanSlot, size: int, earlier: dict[str, list[tuple[str, str]]]
) -> tuple[str, str]:
    """Return the YAML text of one plan and its archived source text."""
    d, year = slot.district, slot.year
    out: list[str] = []
    src: list[str] = []
    stem = d.name.removesuffix(d.prefix) or d.name
    if slot.batch > 1:
        title = f"{year}年{d.name}第{cn_number(slot.batch)}批民生实事项目"
    else:
        title = rng.choice(
            [
                f"{year}年{d.name}民生实事项目",
                f"{year}年{d.name}为民办实事项目清单",
                f"{year}年建设幸福{stem}行动计划",
                f"{d.full_name}{year}年重点民生实事",
            ]
        )
    month = 1 + 6 * (slot.batch - 1) + rng.randint(0, 2)
    published = f"{year}-{min(month, 12):02d}-{rng.randint(1, 28):02d}"
    out.append(f"id: {slot.plan_id}")
    out.append(f"title: {q(title)}")
    out.append(f"district: {d.slug}")
    out.append(f"year: {year}")
    issuer = rng.choice(
        [
            f"{d.full_name}人民政府",
            f"中共{d.full_name}委、{d.full_name}人民政府",
            f"{d.full_name}人民政府办公室",
        ]
    )
    out.append(f"issuer: {q(issuer)}")
    if rng.random() < 0.8:
        out.append(f"document_number: {q(f'{d.abbr}政发〔{year}〕{rng.randint(1, 40)}号')}")
    out.append(f"published: {published}")
    out.append("source:")
    out.append(f"  title: {q(f'关于印发《{title}》的通知')}")
    out.append(
        f"  url: https://www.{d.slug}.gov.cn/zwgk/{year}/t{published.replace('-', '')}"
        f"_{rng.randint(100000, 999999)}.html"
    )
    out.append(f"  archived: sources/{slot.plan_id}.txt")
    out.append(f"  publisher: {q(f'{d.full_name}人民政府')}")
    retrieved = f"{min(year + 1, LAST_YEAR)}-{rng.randint(1, 9):02d}-{rng.randint(1, 28):02d}"
    out.append(f"  retrieved: {retrieved}")

    # Sections: a sequence of categories, each with a run of commitments.
    ncats = max(1, min(len(CATEGORIES), size // rng.randint(3, 7)))
    cats = [c[0] for c in rng.sample(CATEGORIES[:-1], min(ncats, 15))]
    if rng.random() < 0.3:
        cats.append("other")
    assign = sorted(rng.choices(range(len(cats)), k=size))
    rank = {ci: r + 1 for r, ci in enumerate(sorted(set(assign)))}
    sectioned = rng.random() < 0.8
    style = rng.choice(SECTION_STYLES)
    with_category = rng.random() < 0.7

    if rng.random() < 0.5:
        fields = "、".join(CATEGORY_NAME[c] for c in cats[:4])
        summary = (
            f"为切实解决群众急难愁盼问题，{d.name}确定{year}年民生实事项目{size}项，"
            f"涵盖{fields}等领域。"
        )
        out.append(f"summary: {q(summary)}")
    if rng.random() < 0.15:
        out.append("caveats:")
        out.append(
            "  - "
            + q(
                rng.choice(
                    [
                        "原文未列明部分项目的完成时限，按年底前计。",
                        "部分目标数值由编者从原文中摘录，以原文为准。",
                        "原文只公布了牵头单位，配合单位暂缺。",
                    ]
                )
            )
        )

    src.append(title)
    src.append("")

    # Progress reports: dates at which the government (or the press) reported.
    checkpoints = [f"{year}-06-30", f"{year}-09-30", f"{year}-12-31", f"{year + 1}-01-20"]
    if slot.batch > 1:
        checkpoints = checkpoints[1:]
    checkpoints = [c for c in checkpoints if c <= AS_OF]
    reports_kept = rng.random() < 0.75
    report_sources: list[tuple[str, str, str]] = []
    for c in checkpoints:
        if rng.random() < 0.8:
            label = {"06-30": "上半年", "09-30": "前三季度", "12-31": "全年"}.get(c[5:], "年度")
            report_sources.append(
                (
                    "government",
                    f"https://www.{d.slug}.gov.cn/zwgk/{c[:4]}/t{c.replace('-', '')}"
                    f"_{rng.randint(1000, 9999)}.html",
                    f"{d.full_name}{year}年{label}民生实事进展情况",
                )
            )
        else:
            report_sources.append(
                (
                    "media",
                    f"https://news.example.cn/{c[:4]}/{c[5:7]}/{rng.randint(100000, 999999)}.html",
                    f"{d.name}{year}年民生实事{rng.choice(['稳步推进', '进展顺利', '取得阶段性成效'])}",
                )
            )

    prev = earlier.get(d.slug)
    out.append("commitments:")
    current_section = -1
    for i in range(size):
        no = i + 1
        ci = assign[i]
        cat = cats[ci]
        tpl = rng.choice(TEMPLATES[cat])
        title_c, text, targets = fill(rng, d, tpl)
        r = rng.random()
        if r < 0.08:
            text = f"{year}年，" + text
        elif r < 0.25:
            text = text.removesuffix("。") + "，" + rng.choice(TAILS[cat]) + "。"
        out.append(f"  - no: {no}")
        if sectioned:
            heading = style.format(n=cn_number(rank[ci]), name=CATEGORY_NAME[cat])
            if cat == "other":
                heading = style.format(n=cn_number(rank[ci]), name="其他民生实事")
            out.append(f"    section: {q(heading)}")
            if ci != current_section:
                src.append(heading)
                current_section = ci
        if with_category and rng.random() < 0.95:
            out.append(f"    category: {cat}")
        if rng.random() < 0.6:
            out.append(f"    title: {q(title_c)}")
        out.append(f"    text: {q(text)}")
        src.append(f"{no}. {text}")

        # Departments: lead from those whose remit covers the category, support from the rest.
        leads = d.lead_by_category.get(cat) or list(range(len(d.departments)))
        if rng.random() < 0.95:
            nlead = 1 if rng.random() < 0.75 else 2
            idx = rng.sample(leads, min(nlead, len(leads)))
            names = [_dept_name(rng, d, j) for j in idx]
            out.append(f"    lead: {flow_list(names)}")
            src[-1] += f"（牵头单位：{'、'.join(names)}）"
        r = rng.random()
        if r < 0.15:
            out.append("    support: []")
        elif r < 0.8:
            sidx = rng.sample(range(len(d.departments)), rng.randint(1, 4))
            names = [_dept_name(rng, d, j) for j in sidx]
            if rng.random() < 0.3:
                names.append(rng.choice(d.scopes))
            out.append(f"    support: {flow_list(names)}")

        # Deadlines: implied year end, explicit with wording, several years, or none.
        r = rng.random()
        if r < 0.35:
            pass
        elif r < 0.55:
            out.append(f"    deadline: {year}-12-31")
            out.append("    deadline_text: null")
        elif r < 0.7:
            out.append(f"    deadline: {year}-12-31")
            out.append(f"    deadline_text: {rng.choice(['年底前', '12月底前', '年内完成'])}")
        elif r < 0.8:
            out.append(f"    deadline: {year}-06-30")
            out.append(f"    deadline_text: {rng.choice(['6月底前', '上半年完成'])}")
        elif r < 0.87:
            out.append(f"    deadline: {year}-09-30")
            out.append("    deadline_text: 三季度末")
        elif r < 0.93:
            out.append(f"    deadline: {year + 1}-12-31")
            out.append(f"    deadline_text: {year + 1}年底前")
        else:
            out.append("    deadline: null")
            out.append(f"    deadline_text: {rng.choice(['长期坚持', '持续推进'])}")
        if rng.random() < 0.05:
            out.append("    milestones:")
            out.append(f"      - {{date: {year}-06-30, text: 完成项目立项}}")
            out.append(f"      - {{date: {year}-09-30, text: 开工建设}}")
        if targets and rng.random() < 0.7:
            out.append("    targets:")
            out.extend(targets)

        if reports_kept and report_sources and rng.random() < 0.85:
            _updates(rng, out, checkpoints, report_sources)
        if rng.random() < 0.02:
            out.append("    status: adjusted")
        if prev and rng.random() < 0.08:
            same = [p for p in prev if p[1] == cat] or prev
            pid, _c = rng.choice(same)
            out.append(f"    continues: {pid}")
        if rng.random() < 0.04:
            note = (
                f"责任单位按原文照录，见[原文](https://www.{d.slug}.gov.cn/)"
                f"第{rng.randint(1, 9)}页。"
            )
            out.append(f"    notes: {q(note)}")

    earlier[d.slug] = [(f"{slot.plan_id}/{n + 1}", cats[assign[n]]) for n in range(size)]
    return "\n".join(out) + "\n", "\n".join(src) + "\n"


def _dept_name(rng: random.Random, d: District, j: int) -> str:
    _slug, canonical, aliases = d.departments[j]
    return canonical if rng.random() < 0.65 else rng.choice(aliases)


def _updates(
    rng: random.Random, out: list[str], checkpoints: list[str], sources: list[tuple[str, str, str]]
) -> None:
    fate = rng.choices(["completed", "behind", "adjusted", "on_track"], [60, 20, 5, 15])[0]
    progress = 0
    lines: list[str] = []
    last = len(checkpoints) - 1
    for k, date in enumerate(checkpoints):
        if rng.random() < 0.15 and k != last:
            continue
        if fate == "adjusted" and k >= 1:
            status = "adjusted"
        elif fate == "completed" and (date[5:] in ("12-31", "01-20") or rng.random() < 0.15):
            status, progress = "completed", 100
        else:
            step = rng.randint(5, 25) if fate == "behind" else rng.randint(20, 45)
            progress = min(95, progress + step)
            if progress < 10:
                status = "not_started"
            elif fate == "behind" and k >= 1:
                status = "behind"
            else:
                status = "on_track"
        kind, url, title = sources[k]
        lines.append(f"      - date: {date}")
        lines.append(f"        status: {status}")
        if status != "adjusted":
            lines.append(f"        progress: {progress}")
        note = rng.choice(NOTES_BY_STATUS[status])
        if status in ("on_track", "behind") and rng.random() < 0.5:
            note = f"完成投资{rng.randint(10, 3000)}万元，" + note
        lines.append(f"        note: {q(note)}")
        lines.append(f"        source: {{url: {json.dumps(url)}, title: {q(title)}, kind: {kind}}}")
        if status in ("completed", "adjusted"):
            break
    if lines:
        out.append("    updates:")
        out.extend(lines)


def render_site() -> str:
    return (
        "title: 民生实事追踪（基准测试数据）\n"
        "description: 由 benchmarks/generate.py 生成的合成数据，用于性能测试。\n"
        "base_url: /\n"
        "language: zh-CN\n"
        f"as_of: {AS_OF}\n"
        "licence: CC BY 4.0\n"
        "repository: https://example.org/minsheng-bench\n"
    )


def render_districts(districts: list[District]) -> str:
    out: list[str] = []
    for d in districts:
        out.append(f"- slug: {d.slug}")
        out.append(f"  name: {d.name}")
        out.append(f"  full_name: {d.full_name}")
        out.append(f"  parent: {d.parent}")
        out.append(f"  level: {d.level}")
    return "\n".join(out) + "\n"


def render_departments(rng: random.Random, districts: list[District]) -> str:
    out: list[str] = []
    for d in districts:
        out.append(f"{d.slug}:")
        out.append(f"  scopes: {flow_list(d.scopes)}")
        out.append("  departments:")
        for slug, canonical, aliases in d.departments:
            out.append(f"    - name: {canonical}")
            out.append(f"      aliases: {flow_list(aliases)}")
            out.append(f"      slug: {slug}")
            if rng.random() < 0.3:
                out.append(f"      website: https://www.{d.slug}.gov.cn/{slug}/")
            if rng.random() < 0.1:
                out.append(f"      foi_url: https://www.{d.slug}.gov.cn/zwgk/ysqgk/")
            if rng.random() < 0.2:
                out.append(f'      hotline: "{rng.randint(10000000, 99999999)}"')
    return "\n".join(out) + "\n"


def render_categories() -> str:
    out: list[str] = []
    for slug, name, name_en, keywords in CATEGORIES:
        out.append(f"- slug: {slug}")
        out.append(f"  name: {name}")
        out.append(f"  name_en: {name_en}")
        out.append(f"  keywords: {flow_list(keywords)}")
    return "\n".join(out) + "\n"


def district_count(plans: int) -> int:
    """At least two plans (years) per district where there are two plans, at most 200."""
    return max(1, min(200, plans // 2))


def generate(commitments: int, seed: int, out: Path, districts: int | None = None) -> Stats:
    """Write a content directory with exactly ``commitments`` commitments into ``out``."""
    rng = random.Random(seed)
    sizes = plan_sizes(rng, commitments)
    ndistricts = districts or district_count(len(sizes))
    ndistricts = min(ndistricts, len(CITIES) * len(DISTRICT_STEMS))
    dists = make_districts(rng, ndistricts)

    # Plans per district differ by at most one; each district's plans cover its last years,
    # with a second batch in a year once a district has more than MAX_YEARS plans.
    per_district = [
        len(sizes) // ndistricts + (1 if i < len(sizes) % ndistricts else 0)
        for i in range(ndistricts)
    ]
    slots: list[PlanSlot] = []
    for d, k in zip(dists, per_district, strict=True):
        years = min(k, MAX_YEARS)
        for idx in range(k):
            year = LAST_YEAR - idx % years
            batch = idx // years + 1
            pid = f"{d.slug}-{year}" + (f"-{batch}" if batch > 1 else "")
            slots.append(PlanSlot(d, year, batch, pid))
    # Earlier years first, so ``continues`` can point back to a plan already written.
    slots.sort(key=lambda s: (s.year, s.batch, s.district.slug))

    stats = Stats(commitments=commitments, plans=len(slots), districts=len(dists))
    plans_dir = out / "plans"
    sources_dir = out / "sources"
    plans_dir.mkdir(parents=True, exist_ok=True)
    sources_dir.mkdir(parents=True, exist_ok=True)

    def write(path: Path, text: str) -> None:
        data = text.encode("utf-8")
        path.write_bytes(data)
        stats.files += 1
        stats.bytes += len(data)

    write(out / "site.yaml", render_site())
    write(out / "districts.yaml", render_districts(dists))
    write(out / "departments.yaml", render_departments(rng, dists))
    write(out / "categories.yaml", render_categories())
    stats.departments = sum(len(d.departments) for d in dists)
    earlier: dict[str, list[tuple[str, str]]] = {}
    for slot, size in zip(slots, sizes, strict=True):
        plan_text, source_text = write_plan(rng, slot, size, earlier)
        write(plans_dir / f"{slot.plan_id}.yaml", plan_text)
        write(sources_dir / f"{slot.plan_id}.txt", source_text)
    return stats


def prepare_out(out: Path, force: bool) -> None:
    """Make sure ``out`` is empty; with ``force``, clear an earlier generated directory."""
    if out.exists() and any(out.iterdir()):
        if not force:
            raise SystemExit(f"{out} is not empty (use --force to replace it)")
        if not (out / "site.yaml").exists():
            raise SystemExit(f"{out} does not look like a content directory; not removing it")
        shutil.rmtree(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--commitments", type=int, required=True, help="number of commitments")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument(
        "--out",
        type=Path,
        required=True,
        help="content directory to write (site.yaml, plans/ … go directly in it)",
    )
    ap.add_argument(
        "--districts",
        type=int,
        default=None,
        help="number of districts (default: about 2 plans per district, at most 200)",
    )
    ap.add_argument("--force", action="store_true", help="replace an existing content directory")
    args = ap.parse_args(argv)
    if args.commitments < 1:
        ap.error("--commitments must be at least 1")
    prepare_out(args.out, args.force)
    t0 = time.perf_counter()
    stats = generate(args.commitments, args.seed, args.out, args.districts)
    dt = time.perf_counter() - t0
    print(
        f"wrote {stats.commitments} commitments in {stats.plans} plans, {stats.districts} "
        f"districts, {stats.departments} departments: {stats.files} files, "
        f"{stats.bytes / 2**20:.1f} MiB in {dt:.2f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
