import { Input } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fitWidth, textWidth } from '../utils/fit-width.ts';

interface Props {
  placeholder?: string;
  onSearch: (keyword: string) => void;
  children?: ReactNode;
  extra?: ReactNode;
}

/**
 * Keyword search box, optional filters, and the page's main buttons on the right. The box is as wide as its
 * placeholder needs in the current language (never cut off), the toolbar wraps on a narrow window.
 */
export function SearchBar({ placeholder, onSearch, children, extra }: Props) {
  const { t } = useTranslation();
  const hint = placeholder ?? t('common.keywordPlaceholder');
  // Input padding and clear icon, plus the search button (its text and padding).
  const chrome = 56 + textWidth(t('common.search')) + 32;
  return (
    <div className="page-toolbar">
      <Input.Search
        allowClear
        style={{ width: fitWidth(hint, 260, chrome, 420) }}
        placeholder={hint}
        aria-label={t('common.keyword')}
        enterButton={t('common.search')}
        onSearch={(value) => onSearch(value.trim())}
      />
      {children}
      <div className="page-toolbar-gap" />
      {extra && <div className="page-toolbar-extra">{extra}</div>}
    </div>
  );
}
