/* Dash's html components (window.dash_html_components) in 3 KB instead of their 208 KB bundle, which the app does not
   load (dashboard/security.py, UNUSED_SCRIPTS). Every component there is the same small function of its tag, repeated
   with the prop types only Dash's debug mode reads; this is that function once. It behaves as Dash's (a browser test
   renders and clicks every component with both and compares, tests/test_browser_html.py): a click on a component
   with an id sets n_clicks and n_clicks_timestamp (unless disable_n_clicks), a component being loaded carries
   data-dash-is-loading, and the six URL props Dash checks go through its clean_url (a dangerous one reported as
   Dash reports it). Dash's html components are MIT licensed, (c) Plotly, Inc. */
(function () {
    'use strict';
    var NAMES = 'A Abbr Acronym Address Area Article Aside Audio B Base Basefont Bdi Bdo Big Blink Blockquote Br Button Canvas Caption Center Cite Code Col Colgroup Content Data Datalist Dd Del Details Dfn Dialog Div Dl Dt Em Embed Fieldset Figcaption Figure Font Footer Form Frame Frameset H1 H2 H3 H4 H5 H6 Header Hgroup Hr I Iframe Img Ins Kbd Keygen Label Legend Li Link Main MapEl Mark Marquee Meta Meter Nav Nobr Noscript ObjectEl Ol Optgroup Option Output P Param Picture Plaintext Pre Progress Q Rb Rp Rt Rtc Ruby S Samp Script Section Select Shadow Slot Small Source Spacer Span Strike Strong Sub Summary Sup Table Tbody Td Template Textarea Tfoot Th Thead Time Title Tr Track U Ul Var Video Wbr Xmp';
    var TAGS = {MapEl: 'map', ObjectEl: 'object'};
    var URL_PROPS = {a: 'href', button: 'formAction', embed: 'src', form: 'action', iframe: 'src', object: 'data'};
    var OWN = ['n_clicks', 'n_clicks_timestamp', 'loading_state', 'setProps', 'disable_n_clicks'];

    function component(tag) {
        var urlProp = URL_PROPS[tag];
        return function (props) {
            var React = window.React;
            var clicks = props.n_clicks === undefined ? 0 : props.n_clicks;
            var extra = {};
            if (window.dash_component_api.useDashContext().useLoading()) {
                extra['data-dash-is-loading'] = true;
            }
            if (urlProp) {
                var given = props[urlProp];
                var clean = React.useMemo(function () {
                    return given && window.dash_clientside.clean_url(given);
                }, [given]);
                if (clean) {
                    extra[urlProp] = clean;
                }
                React.useEffect(function () {
                    if (clean && clean !== given) {
                        props.setProps({_dash_error: new Error('Dangerous link detected: ' + given)});
                    }
                }, [given, clean]);
            }
            var attrs = {};
            if (!(props.disable_n_clicks || !props.id)) {
                attrs.onClick = function () {
                    return props.setProps({n_clicks: clicks + 1, n_clicks_timestamp: Date.now()});
                };
            }
            Object.keys(props).forEach(function (key) {
                if (OWN.indexOf(key) < 0) {
                    attrs[key] = props[key];
                }
            });
            return React.createElement(tag, Object.assign(attrs, extra), props.children);
        };
    }

    var ns = {};
    NAMES.split(' ').forEach(function (name) {
        ns[name] = component(TAGS[name] || name.toLowerCase());
    });
    window.dash_html_components = ns;
})();
