"""The verbs of a speech tag ("said Elizabeth", "she murmured"): read by the speakers
stage, by coreference, and by quotation finding (a title after "called" is no speech)."""
from __future__ import annotations

import re

SPEECH_VERB = re.compile(
    r"\b(?:said|says|say|cried|cries|replied|replies|asked|asks|answered|answers|exclaimed|"
    r"added|continued|returned|observed|remarked|whispered|shouted|muttered|began|rejoined|"
    r"murmured|called|inquired|enquired|interrupted|repeated|declared|went on|explained|"
    r"protested|insisted|suggested|retorted|responded|sighed|laughed|groaned|pleaded|"
    r"demanded|urged|resumed|screamed|roared|stammered|faltered|persisted|"
    r"thought|gasped|sobbed|wailed|echoed|assented|admitted|agreed|snapped|growled|"
    r"announced|shrieked|moaned|breathed|concluded|commented|objected|ejaculated|"
    r"ventured|hazarded|yelled|called out|put in|broke in|struck in|cut in|smiled|"
    r"nodded|chuckled|grumbled|stuttered|corrected|admonished|warned|told|tells|"
    r"confessed|reflected|mused|reasoned|argued|pursued|exploded|bellowed|sneered|"
    r"interposed|expostulated|affirmed|chanted|queried|assured|remonstrated|acquiesced|"
    r"commanded|asserted|implored|entreated|thundered|mumbled|quavered|bawled|"
    r"complained|conceded|begged|blurted|proclaimed|confided|drawled|stated|"
    r"interjected|enunciated|chattered|scoffed|reiterated|boomed|hissed|"
    r"snorted|panted|acknowledged|lisped|snarled|piped|jeered|whimpered|vociferated|"
    r"cautioned|counselled|counseled|volunteered|prompted|recited|teased|mocked|"
    r"grunted|squeaked|croaked|barked|purred|cooed|"
    r"apologized|apologised|exclaims)\b",
    re.IGNORECASE)
