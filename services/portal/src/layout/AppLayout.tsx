import {
  ApartmentOutlined,
  BarChartOutlined,
  BellOutlined,
  HomeOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuOutlined,
  SwapOutlined,
  TeamOutlined,
  UploadOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Layout, Menu, Space, Spin, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { api } from '../api/client';
import { unreadMessagesQuery, useLiveMessages } from '../api/messages';
import { adminOrgIds, isMember, sessionStore } from '../session/session';
import { useSession } from '../session/useSession';

/** The frame of every page behind the login: the header with who is signed in, the menu, the page. */
export function AppLayout() {
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const orgs = adminOrgIds(session);
  const locked = !!session?.mustChangePassword;
  // Below the md breakpoint (a phone) the menu folds away behind a button.
  const [menuFolded, setMenuFolded] = useState(false);
  // The badge: counted once, then kept current by the live stream (no reload, no polling).
  const unread = useQuery({ ...unreadMessagesQuery(), enabled: !locked });
  useLiveMessages(!!session && !locked);
  const unreadCount = unread.data?.unread ?? 0;

  const logout = async () => {
    // The gateway ends the session and clears its cookie; the page forgets the rest.
    await api.POST('/api/v1/auth/logout', { body: {} as never }).catch(() => undefined);
    sessionStore.set(null);
    queryClient.clear();
    navigate('/login', { replace: true });
  };

  const items = [
    { key: '/', icon: <HomeOutlined />, label: '首页' },
    ...(orgs.length > 0
      ? [
          { key: `/orgs/${orgs[0]}`, icon: <ApartmentOutlined />, label: '组织管理' },
          { key: `/orgs/${orgs[0]}/members`, icon: <TeamOutlined />, label: '团员管理' },
          { key: '/transfers', icon: <SwapOutlined />, label: '组织关系接转' },
          { key: `/orgs/${orgs[0]}/imports`, icon: <UploadOutlined />, label: '批量导入' },
          { key: `/orgs/${orgs[0]}/statistics`, icon: <BarChartOutlined />, label: '团员统计' },
        ]
      : []),
    ...(isMember(session) ? [{ key: '/mine', icon: <UserOutlined />, label: '我的' }] : []),
    { key: '/messages', icon: <BellOutlined />, label: '站内消息' },
    { key: '/password', icon: <KeyOutlined />, label: '修改密码' },
  ];
  // The longest key the path starts with: /orgs/x/members is 团员管理, not 组织管理 (/orgs/x).
  const selected =
    items.filter((i) => i.key !== '/' && location.pathname.startsWith(i.key)).sort((a, b) => b.key.length - a.key.length)[0]
      ?.key ?? location.pathname;

  return (
    <Layout className="app-layout">
      <Layout.Header className="app-header">
        {/* The pages' one level-one heading: each page's title is a card's title under it. */}
        <h1 className="app-brand">智慧团建 · 管理中心</h1>
        <Space>
          {!locked ? (
            <Badge count={unreadCount} size="small" overflowCount={99}>
              <Button
                icon={<BellOutlined aria-hidden />}
                onClick={() => navigate('/messages')}
                aria-label={unreadCount > 0 ? `站内消息，${unreadCount} 条未读` : '站内消息'}
              >
                消息
              </Button>
            </Badge>
          ) : null}
          <Typography.Text className="app-user">{session?.account.name}</Typography.Text>
          <Button icon={<LogoutOutlined />} onClick={() => void logout()}>
            退出登录
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        {!locked ? (
          <Layout.Sider
            breakpoint="md"
            collapsedWidth={0}
            width={200}
            theme="light"
            onCollapse={setMenuFolded}
            // Ant Design's own trigger for a folded menu is a bare span: no focus, no name. A button
            // inside it (the span's click toggles) is reached by Tab and says what it opens.
            trigger={
              <button type="button" className="menu-trigger" aria-label="主菜单" aria-expanded={!menuFolded}>
                <MenuOutlined aria-hidden />
              </button>
            }
          >
            <nav aria-label="主菜单">
              <Menu mode="inline" selectedKeys={[selected]} items={items} onClick={({ key }) => navigate(key)} />
            </nav>
          </Layout.Sider>
        ) : null}
        <Layout.Content className="app-content">
          <Suspense fallback={<Spin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
