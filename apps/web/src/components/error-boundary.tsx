import { Button, Result, Space } from 'antd';
import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface State {
  error: Error | null;
}

/**
 * Catches a render error below it and shows a page that says so (with the way back) instead of a white page.
 * The layout keys it by path, so moving to another page starts afresh; the root has one too, around everything.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    return this.state.error ? <PageCrashed error={this.state.error} /> : this.props.children;
  }
}

function PageCrashed({ error }: { error: Error }) {
  const { t } = useTranslation();
  return (
    <Result
      status="error"
      title={t('common.pageCrashed')}
      subTitle={error.message}
      data-testid="page-crashed"
      extra={
        <Space>
          <Button type="primary" onClick={() => window.location.assign('/')}>
            {t('common.backHome')}
          </Button>
          <Button onClick={() => window.location.reload()}>{t('common.reload')}</Button>
        </Space>
      }
    />
  );
}
