import type { ThemeConfig } from 'antd';

/**
 * The portal's Ant Design theme: the league's red, and text colours that meet WCAG AA contrast
 * (4.5:1 for normal text; the browser journeys check it with axe). Ant Design's defaults do not:
 * its secondary and description text (#8c8c8c, 3.4:1), placeholders (#bfbfbf, 1.8:1), links and
 * the info colour (#1677ff, 4.1:1), the error colour (#ff4d4f, 3.3:1) and the success colour as
 * a tag's text (#52c41a on its tint, 2.2:1). Ratios are on white.
 */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#c41d24', // 5.9:1, and white on it
    colorLink: '#0958d9', // 6.2:1
    colorInfo: '#0958d9', // a 'processing' tag's text on its tint: 5.5:1
    colorSuccess: '#237804', // a 'success' tag's text on its tint: 5.4:1
    colorWarning: '#ad4e00', // a 'warning' tag's text on its tint: 5.2:1
    // The tints stay Ant Design's own: the ones it derives from so dark a colour are grey.
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    colorWarningBg: '#fffbe6',
    colorWarningBorder: '#ffe58f',
    colorError: '#cf1322', // a field's error, a danger button: 5.6:1, and white on it
    colorTextDescription: 'rgba(0, 0, 0, 0.6)', // secondary text, a field's note: 5.7:1
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)', // a description's label, on its grey: 5.5:1
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)', // 4.7:1
  },
  components: {
    // A table's empty text is drawn in the disabled colour; it is not disabled, it is the answer.
    // (A list's is too, and its style ignores a component token: styles.css sets that one.)
    Table: { colorTextDisabled: 'rgba(0, 0, 0, 0.6)' },
  },
};
